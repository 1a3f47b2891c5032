"""A fixed legend box: one swatch per status, as styled on the map."""

from branca.element import MacroElement
from jinja2 import Template

from map_app.text import esc


class Legend(MacroElement):
    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <details class="thaw-legend" open style="position: absolute; z-index: 1000; bottom: 30px; right: 10px;
             background: rgba(255,255,255,0.92); padding: 6px 9px; border-radius: 4px; font: 12px sans-serif;
             box-shadow: 0 1px 4px rgba(0,0,0,0.3); line-height: 18px;">
          <summary style="cursor: pointer; font-weight: bold;">{{ this.title }}</summary>
          {{ this.body }}
        </details>
        {% endmacro %}
        """
    )

    def __init__(self, looks, highlight=None, title="On the map date"):
        super().__init__()
        self._name = "Legend"
        self.title = esc(title)
        rows = []
        for look in looks:
            dash = "dashed" if look.dash else "solid"
            rows.append(
                f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
                f'background:{look.fill};border:2px {dash} {look.stroke};vertical-align:middle"></span> '
                f"{esc(look.label)}</div>"
            )
        if highlight:
            rows.append(
                f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
                f'border:3px solid {highlight};vertical-align:middle"></span> Event in the chosen period</div>'
            )
        self.body = "".join(rows)
