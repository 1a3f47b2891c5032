import sys

from map_app.cli import main

sys.exit(main())
