"""A title box stamped on the map: what it shows (date, period, filters) and whose data it is."""

from branca.element import MacroElement
from jinja2 import Template

from map_app.text import esc


class Title(MacroElement):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="thaw-title" style="position: absolute; z-index: 1000; top: 10px; left: 54px; max-width: 70%;
             background: rgba(255,255,255,0.92); padding: 6px 10px; border-radius: 4px; font: 13px sans-serif;
             box-shadow: 0 1px 4px rgba(0,0,0,0.3);">
          <div style="font-size: 16px; font-weight: bold;">{{ this.heading }}</div>
          {% for line in this.lines %}<div>{{ line }}</div>{% endfor %}
        </div>
        {% endmacro %}
        """
    )

    def __init__(self, heading, lines=()):
        super().__init__()
        self._name = "Title"
        self.heading = esc(heading)
        self.lines = [esc(line) for line in lines]
