"""What a browser would send for a page's form unchanged: its inputs, textareas and selects."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.in_form = attributes.get("id") == self.form_id
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.values[name] = attributes.get("value") or default
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            # The browser drops the newline that follows <textarea>.
            text = self.values[self._textarea] + data
            self.values[self._textarea] = text.removeprefix("\n")


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    """The name → value pairs the page's form (or the form with ``form_id``) submits."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.values
