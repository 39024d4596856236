"""Sensor data, statistics and scoring: pure functions with no moto imports."""
