"""The realizations of an indicator's year side by side, with the year's value
(``RealizationYear``): a view, so nothing has to keep it current. Plain SQL that
PostgreSQL and SQLite both read.

``value`` is ``selectors.year_value`` (the rule of ``consolidation._year_value``): the
year row, else the quarters aggregated by the indicator's rule (sum, mean, or the last
reported), else the semesters the same way. tests/measurement/test_consolidation.py
holds it to calc.py and to the expression the consolidation built before.

The CAST gives the column NUMERIC affinity on SQLite (a plain expression in a view has
none, and Django binds decimals as text there: ``value < '0'`` would compare a number
with a string); on PostgreSQL it changes nothing."""

from django.db import migrations, models

PERIODS = ("year", "q1", "q2", "q3", "q4", "s1", "s2")


def aggregate(columns: list[str]) -> str:
    """``consolidation._QuarterValue`` in plain SQL."""
    total = " + ".join(f"COALESCE({c}, 0.0)" for c in columns)
    reported = " + ".join(f"CASE WHEN {c} IS NULL THEN 0 ELSE 1 END" for c in columns)
    return (
        f"CASE WHEN {' AND '.join(f'{c} IS NULL' for c in columns)} THEN NULL"
        f" WHEN aggregation = 'sum' THEN {total}"
        f" WHEN aggregation = 'mean' THEN ({total}) / (1.0 * ({reported}))"
        f" ELSE COALESCE({', '.join(reversed(columns))}) END"
    )


COLUMNS = ",\n       ".join(
    f"MAX(CASE WHEN r.period = '{p}' THEN r.value END) AS v_{p}" for p in PERIODS
)
VALUE = (
    f"COALESCE(v_year, {aggregate(['v_q1', 'v_q2', 'v_q3', 'v_q4'])},"
    f" {aggregate(['v_s1', 'v_s2'])})"
)
CREATE = f"""CREATE VIEW measurement_realizationyear AS
SELECT id, indicator_id, year, {", ".join(f"v_{p}" for p in PERIODS)},
       CAST({VALUE} AS NUMERIC) AS value
FROM (
SELECT MIN(r.id) AS id, r.indicator_id, r.year, i.aggregation,
       {COLUMNS}
FROM measurement_realization r
JOIN planning_indicator i ON i.id = r.indicator_id
GROUP BY r.indicator_id, r.year, i.aggregation
) AS periods"""
DROP = "DROP VIEW IF EXISTS measurement_realizationyear"


def measure():
    return models.DecimalField(decimal_places=6, max_digits=24, null=True)


class Migration(migrations.Migration):
    dependencies = [
        ("measurement", "0009_evidence_in_default_storage"),
        ("planning", "0007_indicator_upper_bound"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
        migrations.CreateModel(
            name="RealizationYear",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        related_name="year_values",
                        to="planning.indicator",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                *((f"v_{p}", measure()) for p in PERIODS),
                ("value", measure()),
            ],
            options={"managed": False, "db_table": "measurement_realizationyear"},
        ),
    ]
