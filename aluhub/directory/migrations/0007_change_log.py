"""The directory's change log for its cached counts (numbered changes of the profiles' counted
columns, and their counter); the profiles' updated_at index, read by the former version, goes
(reversible)."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0006_profile_listed_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectoryChange',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='number')),
                ('profile_id', models.BigIntegerField(verbose_name='profile')),
                ('before', models.JSONField(null=True, verbose_name='before')),
                ('after', models.JSONField(null=True, verbose_name='after')),
            ],
            options={
                'verbose_name': 'directory change',
                'verbose_name_plural': 'directory changes',
            },
        ),
        migrations.CreateModel(
            name='DirectoryChangeCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last', models.BigIntegerField(default=0, verbose_name='latest change')),
            ],
            options={
                'verbose_name': 'directory change counter',
                'verbose_name_plural': 'directory change counters',
            },
        ),
        migrations.RemoveIndex(
            model_name='directoryprofile',
            name='directory_profile_updated',
        ),
    ]
