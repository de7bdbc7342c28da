"""Data-Juicer's output for each operator on the fields of the first ROWS rows of a file, for the differential check
(io.meridian.cleaning.bench.DifferentialCheck): python dj_outputs.py IN.jsonl ROWS OUT.jsonl"""
import json
import sys

from data_juicer.ops.mapper.clean_html_mapper import CleanHtmlMapper
from data_juicer.ops.mapper.clean_links_mapper import CleanLinksMapper
from data_juicer.ops.mapper.clean_email_mapper import CleanEmailMapper
from data_juicer.ops.mapper.clean_ip_mapper import CleanIpMapper
from data_juicer.ops.mapper.clean_copyright_mapper import CleanCopyrightMapper
from data_juicer.ops.mapper.remove_bibliography_mapper import RemoveBibliographyMapper
from data_juicer.ops.mapper.remove_comments_mapper import RemoveCommentsMapper

OPS = {"clean_html_mapper": CleanHtmlMapper, "clean_links_mapper": CleanLinksMapper, "clean_email_mapper": CleanEmailMapper,
       "clean_ip_mapper": CleanIpMapper, "clean_copyright_mapper": CleanCopyrightMapper,
       "remove_bibliography_mapper": RemoveBibliographyMapper, "remove_comments_mapper": RemoveCommentsMapper}

path, count, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = []
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= count:
            break
        row = json.loads(line)
        texts.extend(row.get(k, "") for k in ("instruction", "input", "output"))
with open(out_path, "w", encoding="utf-8") as out:
    for name, cls in OPS.items():
        op = cls(text_key="text")
        samples = {"text": list(texts)}
        result = op.process_batched(samples) if hasattr(op, "process_batched") else op.process(samples)
        for text, expected in zip(texts, list(result["text"])):
            out.write(json.dumps({"op": name, "text": text, "dj": expected}, ensure_ascii=False) + "\n")
