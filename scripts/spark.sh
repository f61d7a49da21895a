#!/usr/bin/env bash
# The `spark` target of profiles.yml: Apache Spark in local session mode
# (dbt runs Spark inside its own process; nothing to start or stop).
#
#   scripts/spark.sh install   install dbt-spark and pyspark into .venv
#                              (requirements-spark.txt) and Java 17 if missing
#   scripts/spark.sh clean     delete Spark's catalog and table files
#   scripts/spark.sh status    say where they are and what they hold
#
# Spark keeps its catalog (a Derby metastore_db and derby.log) and its table
# files (warehouse/) in SAAS_SPARK_DIR (/tmp/saas_metrics_spark), outside the
# repository. Every listener is on 127.0.0.1 (profiles.yml,
# SPARK_LOCAL_IP); there is no web UI. Only one process at a time can use
# the catalog (Derby): run the loader, dbt and the comparison one after the
# other.
source "$(dirname "$0")/_common.sh"

SPARK_DIR="${SAAS_SPARK_DIR:-/tmp/saas_metrics_spark}"

case "${1:-}" in
    install)
        ensure_spark_stack
        echo "ready: $(.venv/bin/python -c 'import pyspark; print("pyspark", pyspark.__version__)'), $(java -version 2>&1 | head -n 1)"
        ;;
    clean)
        rm -rf "$SPARK_DIR"
        echo "removed $SPARK_DIR"
        ;;
    status)
        if [ -d "$SPARK_DIR/metastore_db" ]; then
            echo "catalog: $SPARK_DIR ($(du -sh "$SPARK_DIR" | cut -f1)); schemas: $(ls "$SPARK_DIR/warehouse" 2>/dev/null | tr '\n' ' ')"
        else
            echo "no catalog yet in $SPARK_DIR"
        fi
        ;;
    *) echo "usage: $0 install|clean|status" >&2; exit 2 ;;
esac
