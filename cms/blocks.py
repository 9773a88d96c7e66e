"""The blocks instructors build lessons and pages from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class MarkdownBlock(blocks.TextBlock):
    class Meta:
        label = _("Markdown")
        icon = "code"
        template = "cms/blocks/markdown.html"
        help_text = _("Markdown text. HTML is shown as text, not run.")


class InertRichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = _("Rich text")
        template = "cms/blocks/rich_text.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "cms/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        label = _("Image")
        icon = "image"
        template = "cms/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        label = _("Video")
        icon = "media"
        template = "cms/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        label = _("Document download")
        icon = "doc-full"
        template = "cms/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        label = _("Callout")
        icon = "warning"
        template = "cms/blocks/callout.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        label=_("Language"),
        choices=[
            ("text", _("Plain text")),
            ("bash", "Shell"),
            ("python", "Python"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("javascript", "JavaScript"),
        ],
        default="text",
    )
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        label = _("Code")
        icon = "code"
        template = "cms/blocks/code.html"


class ChecklistBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Item"), max_length=300), **kwargs)

    class Meta:
        label = _("Checklist")
        icon = "tasks"
        template = "cms/blocks/checklist.html"


class BodyBlock(blocks.StreamBlock):
    markdown = MarkdownBlock()
    rich_text = InertRichTextBlock()
    heading = HeadingBlock()
    image = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    code = CodeBlock()
    checklist = ChecklistBlock()
