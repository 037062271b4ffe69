"""REST_FRAMEWORK says what the API does: every default is used by some view, and no view
repeats a default (a view names only where it differs)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.settings import api_settings
from rest_framework.views import APIView

SETTINGS = {
    "authentication_classes": "DEFAULT_AUTHENTICATION_CLASSES",
    "permission_classes": "DEFAULT_PERMISSION_CLASSES",
    "parser_classes": "DEFAULT_PARSER_CLASSES",
    "renderer_classes": "DEFAULT_RENDERER_CLASSES",
    "filter_backends": "DEFAULT_FILTER_BACKENDS",
    "pagination_class": "DEFAULT_PAGINATION_CLASS",
}


def _api_views(patterns=None) -> set[type[APIView]]:
    views: set[type[APIView]] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            views |= _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None and cls.__module__.startswith("claims."):
                views.add(cls)
    return views


def _own(cls: type, attribute: str):
    """The value a view class (or a class of ours it inherits from) sets itself."""
    for klass in cls.__mro__:
        if klass.__module__.startswith("claims.") and attribute in vars(klass):
            return vars(klass)[attribute]
    return None


def test_the_api_views_are_found():
    assert len(_api_views()) >= 10


def test_no_view_repeats_a_default():
    repeated = [
        f"{cls.__name__}.{attribute}"
        for cls in _api_views()
        for attribute, setting in SETTINGS.items()
        if _own(cls, attribute) is not None
        and _own(cls, attribute) == getattr(api_settings, setting)
    ]
    assert not repeated


def test_every_default_is_used_by_some_view():
    unused = [
        setting
        for attribute, setting in SETTINGS.items()
        if all(_own(cls, attribute) is not None for cls in _api_views())
    ]
    assert not unused
