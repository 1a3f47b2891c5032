"""The file formats a layer is read from and written to, one module per format with its reader and its writer
side by side (geodata.io reads files, geodata.export chooses the writer):

- `geojson`: the layer format itself (read by geodata.io, which owns the limits), written with a day's state
- `csv`: one row per name, read and written in the same columns
- `lpf`: Linked Places JSON v1.x, read and written (v1.3)
- `lptsv`: Linked Places TSV v0.4, written for the World Historical Gazetteer
- `tables`: GeoPackage and GeoParquet of the name periods, written as bytes

Every writer takes the layer, a boolean mask of the features to write (None = all) and optionally a day; with
a day, every feature also carries its name and status on that day (status `absent` and no name for one that
does not exist then).
"""
