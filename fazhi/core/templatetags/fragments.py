"""`{% fragment name part … %}…{% endfragment %}`: a piece of page kept until the next write its viewer can see.

    {% load fragments %}
    {% fragment "task-milestones" task.pk %}{% for m in milestones %}…{% endfor %}{% endfragment %}

The key is the name, the parts, the viewer, today's date and the write marks (`fazhi.core.fragments`),
so the piece is rendered again after a write its viewer can see, on a new day, and for every other
account. An empty
name renders the piece uncached (a caller may switch caching off). The view must leave what only the
piece reads lazy (querysets, `SimpleLazyObject`), or the cache saves the rendering but not the queries.
"""

from __future__ import annotations

from django import template
from django.core.cache import cache

from fazhi.core.fragments import fill_csrf, fragment_key, store_html

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression,
                 parts: list[template.base.FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> str:
        name = self.name.resolve(context)
        request = context.get("request")
        key = fragment_key(request, name, *(p.resolve(context) for p in self.parts)) if name and request else None
        if key is None:
            return self.nodelist.render(context)
        token = str(context.get("csrf_token") or "")  # the request's own, kept out of the cache
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            store_html(key, html, token)
            return html
        return fill_csrf(html, token)


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name: {% fragment \"name\" part … %}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
