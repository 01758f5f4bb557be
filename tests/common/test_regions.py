from aluhub.common.regions import REGION_CODES, region_code_for_name, region_name


def test_there_are_17_regions_coded_01_to_17() -> None:
    assert REGION_CODES == tuple(f"{i:02d}" for i in range(1, 18))


def test_region_name_by_language() -> None:
    assert region_name("02", "fr") == "Saguenay–Lac-Saint-Jean"


def test_region_code_for_name_accepts_plain_dashes() -> None:
    assert region_code_for_name("Saguenay-Lac-Saint-Jean") == "02"
    assert region_code_for_name("Montérégie") == "16"
    assert region_code_for_name("Atlantis") is None
