"""Our CSS, added by script: streamlit-folium ignores <style> blocks in the map's header but runs its scripts."""

import json

from branca.element import MacroElement
from jinja2 import Template


class Stylesheet(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var style = document.createElement("style");
            style.textContent = {{ this.css_json }};
            document.head.appendChild(style);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, css: str):
        super().__init__()
        self._name = "Stylesheet"
        self.css_json = json.dumps(css).replace("</", "<\\/")
