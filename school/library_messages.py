"""Messages of the libraries we use that their own Korean catalogues lack.

Listed here so that `makemessages` keeps them in ours: Django merges the catalogues, and
the project's wins.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    # wagtail.images.fields: an upload whose contents are not the image its name says.
    gettext_noop(
        "Not a valid .%(extension)s image. "
        "The extension does not match the file format (%(image_format)s)"
    ),
]
