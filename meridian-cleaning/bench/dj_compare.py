"""Data-Juicer's operators on the same benchmark file, single process, for the side-by-side in docs/benchmarks/cleaning.md.

usage: python dj_compare.py FILE MAX_MB [MINHASH_MB]

Runs each operator the spec's logs name on the three fields (one operator instance per text_key, as the spec's logs
show), through the operator's own batched process function on plain Python lists (no Hugging Face dataset, no Arrow
cache, no multiprocessing: the most favourable setting for Data-Juicer's per-core speed), and reports MB/s of process
CPU time over the UTF-8 bytes of the three fields. Exact dedup: document_deduplicator's compute_hash (md5 per text).
MinHash: document_minhash_deduplicator's compute_hash (character 5-grams, 256 permutations) on the first MINHASH_MB.
"""
import json
import sys
import time

from data_juicer.ops.mapper.clean_html_mapper import CleanHtmlMapper
from data_juicer.ops.mapper.clean_links_mapper import CleanLinksMapper
from data_juicer.ops.mapper.clean_email_mapper import CleanEmailMapper
from data_juicer.ops.mapper.clean_ip_mapper import CleanIpMapper
from data_juicer.ops.mapper.clean_copyright_mapper import CleanCopyrightMapper
from data_juicer.ops.mapper.remove_bibliography_mapper import RemoveBibliographyMapper
from data_juicer.ops.mapper.remove_comments_mapper import RemoveCommentsMapper
from data_juicer.ops.filter.text_length_filter import TextLengthFilter
from data_juicer.ops.deduplicator.document_deduplicator import DocumentDeduplicator
from data_juicer.ops.deduplicator.document_minhash_deduplicator import DocumentMinhashDeduplicator

FIELDS = ["instruction", "input", "output"]


def load(path, max_bytes):
    rows, size = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            size += len(line.encode("utf-8"))
            if size > max_bytes:
                break
            rows.append(json.loads(line))
    return rows


def field_bytes(rows, fields=FIELDS):
    return sum(len(r.get(k, "").encode("utf-8")) for r in rows for k in fields)


def timed(fn):
    start = time.process_time()
    fn()
    return time.process_time() - start


def run_mapper(cls, rows, batch=1000):
    columns = {k: [r.get(k, "") for r in rows] for k in FIELDS}

    def go():
        for key in FIELDS:
            op = cls(text_key=key)
            out = []
            col = columns[key]
            for i in range(0, len(col), batch):
                samples = {key: col[i:i + batch]}
                result = op.process_batched(samples) if hasattr(op, "process_batched") else op.process(samples)
                out.extend(result[key])
    return timed(go)


def run_filter(rows, batch=1000):
    from data_juicer.utils.constant import Fields
    columns = {k: [r.get(k, "") for r in rows] for k in FIELDS}

    def go():
        for key in FIELDS:
            op = TextLengthFilter(text_key=key, min_len=10)
            col = columns[key]
            for i in range(0, len(col), batch):
                part = col[i:i + batch]
                samples = {key: part, Fields.stats: [{} for _ in part]}
                samples = op.compute_stats_batched(samples)
                list(op.process_batched(samples))
    return timed(go)


def run_hash(op_factory, rows):
    def go():
        op = op_factory()
        for r in rows:
            sample = {"text": "\n".join(r.get(k, "") for k in FIELDS if r.get(k, ""))}
            op.compute_hash(sample)
    return timed(go)


def main():
    path, max_mb = sys.argv[1], float(sys.argv[2])
    minhash_mb = float(sys.argv[3]) if len(sys.argv) > 3 else max_mb / 10
    rows = load(path, max_mb * 1e6)
    total = field_bytes(rows)
    print(f"rows {len(rows)}, field bytes {total}")
    results = {}
    for name, cls in [("clean_html_mapper", CleanHtmlMapper), ("clean_links_mapper", CleanLinksMapper),
                      ("clean_email_mapper", CleanEmailMapper), ("clean_ip_mapper", CleanIpMapper),
                      ("clean_copyright_mapper", CleanCopyrightMapper),
                      ("remove_bibliography_mapper", RemoveBibliographyMapper),
                      ("remove_comments_mapper", RemoveCommentsMapper)]:
        seconds = run_mapper(cls, rows)
        results[name] = total / 1e6 / seconds
        print(f"{name}: {seconds:.2f}s cpu, {results[name]:.2f} MB/s per core", flush=True)
    seconds = run_filter(rows)
    results["text_length_filter"] = total / 1e6 / seconds
    print(f"text_length_filter: {seconds:.2f}s cpu, {results['text_length_filter']:.2f} MB/s per core", flush=True)
    seconds = run_hash(lambda: DocumentDeduplicator(text_key="text"), rows)
    results["document_deduplicator"] = total / 1e6 / seconds
    print(f"document_deduplicator (hashing): {seconds:.2f}s cpu, {results['document_deduplicator']:.2f} MB/s per core", flush=True)
    small = load(path, minhash_mb * 1e6)
    small_bytes = field_bytes(small)
    seconds = run_hash(lambda: DocumentMinhashDeduplicator(text_key="text", tokenization="character", window_size=5), small)
    results["document_minhash_deduplicator"] = small_bytes / 1e6 / seconds
    print(f"document_minhash_deduplicator (hashing, {len(small)} rows): {seconds:.2f}s cpu, "
          f"{results['document_minhash_deduplicator']:.2f} MB/s per core", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
