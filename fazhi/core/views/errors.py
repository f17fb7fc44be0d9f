from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"code": 403, "message": str(exception or "") or "您没有权限访问此页面"}, status=403)


def not_found(request, exception=None):
    return render(request, "core/error.html", {"code": 404, "message": "页面不存在，或记录不在您的数据范围内"}, status=404)
