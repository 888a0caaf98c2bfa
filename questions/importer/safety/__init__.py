"""Checks of an upload's raw bytes, run before any reader sees them; each module says what it
refuses.

limits: the refusal type, Excel's grid and the cell budget; zipscan: zip containers (.xlsx, .ods,
.docx); extents: the cell rectangle of XML parts; ole: OLE2 files and .xls records.
"""
