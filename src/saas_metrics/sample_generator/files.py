"""CSV output: lazily opened csv writers, one per file, rows written as they
come."""

from __future__ import annotations

import csv
import os

from .layout import HEADERS


class CsvSink:
    """Lazily opened csv writers, one per file, rows written as they come."""

    def __init__(self, root):
        self.root = root
        self.files = {}
        self.orders = {}
        self.counts = {}

    def set_order(self, rel, columns):
        """Write the file `rel` with its columns in another order."""
        self.orders[rel] = columns

    def ensure(self, rel, kind):
        if rel not in self.files:
            header = HEADERS[kind]
            order = self.orders.get(rel)
            perm = None
            out_header = header
            if order:
                assert sorted(order) == sorted(header), rel
                perm = [header.index(c) for c in order]
                out_header = order
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fh = open(path, 'w', newline='', encoding='utf-8')
            writer = csv.writer(fh, lineterminator='\n')
            writer.writerow(out_header)
            self.files[rel] = (writer.writerow, perm, fh)
            self.counts[rel] = 0
        return self.files[rel]

    def write(self, rel, kind, row):
        entry = self.files.get(rel) or self.ensure(rel, kind)
        writerow, perm = entry[0], entry[1]
        if perm is None:
            writerow(row)
        else:
            writerow([row[i] for i in perm])
        self.counts[rel] += 1

    def close(self):
        for rel in sorted(self.files):
            self.files[rel][2].close()
