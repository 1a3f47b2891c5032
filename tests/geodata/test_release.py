from geodata.release import data_version, newest


def test_the_newest_version_in_the_changelog_describes_the_bundled_layer(bundled):
    """Fails when the data changes without a new version: a citation must point at what was seen."""
    version, count = newest()
    assert count == len(bundled), f"add a version to geodata/data/CHANGELOG.md for {len(bundled)} features"
    assert data_version() == version
