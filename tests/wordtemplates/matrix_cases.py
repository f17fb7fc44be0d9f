from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.wordtemplates import services
from fazhi.core.wordtemplates.models import WordTemplate
from fazhi.supervision.orderdoc import ORDER_NOTICE, TEMPLATE_PATH
from tests.matrix import RouteCase

CODE = ORDER_NOTICE.code
OWN = "reads and writes the templates of the caller's own jurisdiction only"


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("本办模板.docx", TEMPLATE_PATH.read_bytes())


def _county_file(org, users, kw) -> str:
    return WordTemplate.objects.filter(code=CODE, jurisdiction=org.county).values_list("file", flat=True).first() or ""


def _with_county_upload(org, users) -> dict:
    services.set_template(None, CODE, org.county, _upload())
    return {"code": CODE}


CASES = [
    RouteCase("wordtemplates:settings", "GET", allowed="office", unscoped=OWN),
    RouteCase("wordtemplates:download", "GET", make_object=lambda org, users: {"code": CODE}, allowed="office",
              unscoped=OWN),
    RouteCase("wordtemplates:upload", "POST", make_object=lambda org, users: {"code": CODE},
              data=lambda org, users, kw: {"template": _upload()}, state=_county_file, allowed="office",
              unscoped=OWN),
    RouteCase("wordtemplates:reset", "POST", make_object=_with_county_upload, data={}, state=_county_file,
              allowed="office", unscoped=OWN),
]
