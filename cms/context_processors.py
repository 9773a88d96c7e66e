from core.versions import cache_timeout, content_version


def content_cache(request):
    return {"content_version": content_version(), "content_cache_timeout": cache_timeout(request)}
