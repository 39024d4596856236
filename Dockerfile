# moto's server with Amazon Lookout for Equipment, for tests written in any language.
#   docker build -t moto-lookoutequipment .
#   docker run --rm -p 5000:5000 moto-lookoutequipment

FROM python:3.11-slim AS wheel
WORKDIR /src
COPY setup.cfg pyproject.toml README.md LICENSE CHANGELOG.md ./
COPY moto_lookoutequipment ./moto_lookoutequipment
RUN pip install --no-cache-dir --quiet build && python -m build --wheel --outdir /dist .

FROM python:3.11-slim
COPY --from=wheel /dist /dist
RUN whl="$(ls /dist/*.whl)" \
    && pip install --no-cache-dir --quiet "${whl}[server]" \
    && rm -rf /dist \
    && useradd --system --no-create-home --uid 10001 moto
USER moto
EXPOSE 5000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/moto-api/data.json', timeout=2)"]
ENTRYPOINT ["moto-lookoutequipment-server", "-H", "0.0.0.0"]
CMD ["-p", "5000"]
