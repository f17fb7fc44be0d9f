from django.utils.functional import SimpleLazyObject

from fazhi.core.menu import menu_for
from fazhi.core.pagehelp import help_for
from fazhi.core.todo import badges, waiting_for


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "page_help": help_for(request)}
    waiting = waiting_for(request)
    return {
        # Built only when base.html's menu fragment is not in the cache (it is kept until the next write).
        "menu": SimpleLazyObject(lambda: menu_for(user, request.path, badges(waiting.todos))),
        "unread_notifications": waiting.unread,
        "page_help": help_for(request),
    }
