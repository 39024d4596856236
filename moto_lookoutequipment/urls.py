"""Where moto routes Lookout for Equipment requests."""

from .responses import LookoutEquipmentResponse

url_bases = [r"https?://lookoutequipment\.(.+)\.amazonaws\.com"]

url_paths = {"{0}/$": LookoutEquipmentResponse.dispatch}
