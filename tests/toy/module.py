from fazhi.core.modules import Module
from tests.toy.workflow import ANSWER_LIMIT, ERRAND, HANDLE

MODULE = Module(
    app="toy",
    label="示例事项",
    capabilities={HANDLE: "办理示例事项"},
    grants={"office": (HANDLE,)},
    workflows=(ERRAND,),
    time_limits=(ANSWER_LIMIT,),
)
