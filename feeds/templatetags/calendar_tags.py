from django import template
from django.urls import reverse

from feeds.feeds import subscribe_links
from feeds.models import FeedToken
from feeds.views import NEW_FEED_URL_KEY

register = template.Library()


@register.inclusion_tag("feeds/partials/subscribe.html")
def subscribe(url_name: str, *args):
    """Subscribe, Google Calendar and copy links for one of the public feeds."""
    return {"feed": subscribe_links(reverse(f"calendar:{url_name}", args=args))}


@register.inclusion_tag("feeds/partials/personal_feed.html", takes_context=True)
def personal_feed(context):
    """The person's own feed: its address right after it was made, else a way to make one."""
    request = context["request"]
    # Only the token's hash is stored: the address can be shown this once, like a message.
    new_url = request.session.pop(NEW_FEED_URL_KEY, None)
    return {
        "feed": subscribe_links(new_url) if new_url else None,
        "has_token": FeedToken.objects.filter(user=request.user).exists(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
