"""The sample data generator: deterministic, and in the spec's layout."""
import csv
import filecmp
import subprocess
import sys

from conftest import PROJECT_ROOT

GENERATOR = PROJECT_ROOT / "scripts" / "generate_sample_data.py"
LAYOUT = {
    "billing/customers": ["id", "email", "first_name", "last_name", "company", "created_at", "updated_at",
                          "deleted"],
    "billing/invoices": ["id", "customer_id", "subscription_id", "status", "date", "due_date", "paid_at",
                         "currency_code", "sub_total", "tax", "total", "amount_paid", "amount_due",
                         "recurring", "updated_at"],
    "surveys/nps_responses": ["response_id", "email", "score", "comment", "responded_at"],
    "marketing/ad_spend": ["date", "platform", "campaign", "spend", "currency"],
}


def generate(out, seed):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--customers", "40",
                    "--months", "6", "--seed", str(seed)], check=True, capture_output=True)


def tree(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*.csv"))


def test_same_arguments_give_identical_files(tmp_path):
    generate(tmp_path / "a", 7)
    generate(tmp_path / "b", 7)
    files = tree(tmp_path / "a")
    assert files and files == tree(tmp_path / "b")
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", [str(f) for f in files],
                                               shallow=False)
    assert not mismatch and not errors


def test_other_seed_gives_other_data(tmp_path):
    generate(tmp_path / "a", 7)
    generate(tmp_path / "b", 8)
    assert (tmp_path / "a" / "billing").exists()
    a = sorted((tmp_path / "a" / "events").glob("pages*.csv"))[0].read_bytes()
    b = sorted((tmp_path / "b" / "events").glob("pages*.csv"))[0].read_bytes()
    assert a != b


def test_headers_follow_the_spec(tmp_path):
    generate(tmp_path, 7)
    for entity, columns in LAYOUT.items():
        files = sorted(tmp_path.glob(entity + "*.csv"))
        assert files, entity
        for path in files:
            with open(path, newline="", encoding="utf-8") as handle:
                assert sorted(next(csv.reader(handle))) == sorted(columns), path
