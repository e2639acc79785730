"""Puts a run's results into docs/benchmarks.md without losing the previous ones.

The document has one "latest" block per harness between markers; a new run replaces the block
and moves the old one, unchanged, to the top of the History section. Everything outside the
markers is left as it is."""

import os
import re

HISTORY = "<!-- bench:history -->"


def _markers(key):
    return f"<!-- bench:{key}:begin -->", f"<!-- bench:{key}:end -->"


def update(path, key, title, markdown, after=None, level=3):
    """Replaces the block `key`. A block the document does not have yet gets a heading `title`
    of `level`, right after block `after` when the document has that one, else at the end of
    the latest results (just before History)."""
    begin, end = _markers(key)
    if os.path.exists(path):
        with open(path) as f:
            doc = f.read()
    else:
        doc = "# Benchmarks\n\n## Latest results\n\n## History\n\n" + HISTORY + "\n"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    m = re.search(re.escape(begin) + r"\n(.*?)\n?" + re.escape(end), doc, re.S)
    if m:
        old = m.group(1).strip()
        doc = doc[:m.start()] + block + doc[m.end():]
        if old:
            old = _demote(old)
            doc = doc.replace(HISTORY, HISTORY + "\n\n" + old + "\n", 1)
    elif after and _markers(after)[1] in doc:
        anchor = doc.find(_markers(after)[1]) + len(_markers(after)[1])
        doc = doc[:anchor] + f"\n\n{'#' * level} {title}\n\n" + block + doc[anchor:]
    else:
        anchor = doc.find("## History")
        if anchor < 0:
            doc += "\n## History\n\n" + HISTORY + "\n"
            anchor = doc.find("## History")
        doc = doc[:anchor] + f"{'#' * level} {title}\n\n" + block + "\n\n" + doc[anchor:]
    with open(path, "w") as f:
        f.write(doc)


def _demote(markdown):
    """Headings of an old block one level down, so that History keeps its outline."""
    markdown = re.sub(r"!\[[^]]*\]\(bench-scale\.png\)",
                      "(its plot was replaced by the next run's)", markdown)
    return re.sub(r"^(#{2,5}) ", lambda m: "#" + m.group(1) + " ", markdown, flags=re.M)
