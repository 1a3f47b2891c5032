"""Adds our data and basemap credits to Leaflet's own attribution control."""

import json

from branca.element import MacroElement
from jinja2 import Template


class Attribution(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str):
        """`html_text` must already be escaped: Leaflet inserts it as HTML."""
        super().__init__()
        self._name = "Attribution"
        self.text_json = json.dumps(html_text).replace("</", "<\\/")
