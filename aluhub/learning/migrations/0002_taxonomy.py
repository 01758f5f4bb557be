"""The fixed disciplines and topics (labels live in the code, translated by gettext)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DISCIPLINES = [
    "industrial_design",
    "architecture",
    "metallurgy",
    "civil",
    "mechanical",
    "aerospace",
]
TOPICS = [
    "alloys_tempers",
    "extrusion",
    "rolling",
    "casting",
    "joining_welding",
    "corrosion_finishing",
    "structural_design",
    "sustainability_recycling",
    "industry_40",
]


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    discipline = apps.get_model("learning", "Discipline")
    topic = apps.get_model("learning", "Topic")
    for code in DISCIPLINES:
        discipline.objects.get_or_create(code=code)
    for code in TOPICS:
        topic.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
