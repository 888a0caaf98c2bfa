"""Question banks that are not workbooks: Word question lists and Moodle XML.

Each format reads its file into Drafts (``drafts``), checked exactly as workbook rows are, so
every source yields the same ParseReport.
"""
