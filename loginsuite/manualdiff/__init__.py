"""Reading a new edition of the manual and comparing its facts with flows/ (``manual diff``).

reading (text export or PDF → lines) → slides (page reckoning) → facts (what the flows author
reads: URL tables, contents, shared steps, limits, messages, 改定履歴) → compare (findings
against flows/) → render (console, Markdown) and drafts (new services' flows/services/*.yaml).
"""
