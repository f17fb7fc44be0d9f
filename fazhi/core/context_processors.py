from fazhi.core.menu import menu_for


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_for(user, request.path), "unread_notifications": user.notifications.filter(read_at__isnull=True).count()}
