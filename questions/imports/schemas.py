"""What the import routes read and answer: the upload's form, the report, the imports listed."""

from __future__ import annotations

from flask_smorest.fields import Upload

from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Count,
    Dict,
    Id,
    Int,
    LenientSchema,
    List,
    Nested,
    Text,
)
from questions.importer import FIELDS
from questions.schemas import FLAG, AuthorSchema, LocalTime


class ImportFormSchema(LenientSchema):
    """multipart/form-data: the file, and what to do with it."""

    file = Upload(
        metadata={
            "description": "The bank (.xlsx, .xlsm, .xls, .ods, a Word list .docx or a Moodle "
            "XML file .xml); required"
        },
    )
    dry_run = Text(
        metadata={
            **FLAG,
            "description": "true: report what would happen and write nothing (import_id is "
            "null; imported is what would be imported, 0 for a file with errors unless "
            "accept_partial is true)",
        }
    )
    accept_partial = Text(
        metadata={**FLAG, "description": "true: import the valid rows of a file with row errors"}
    )
    mapping = Text(
        metadata={
            "description": 'JSON {"column letter": "field"}, e.g. {"B": "question", "C": '
            '"option_a", "G": "key"}: how to read those columns (the others as detected). '
            "Fields: " + ", ".join(FIELDS) + ". Remembered for files with the same headers "
            "once imported (not in a dry run); a remembered mapping applies when none is given."
        }
    )
    header_row = Text(
        metadata={
            "type": "integer",
            "minimum": 1,
            "description": "The 1-based row of the headers, when detection picks another one",
        }
    )
    codes = Text(
        metadata={
            "description": 'JSON {"topic": {"1": "Hiến pháp"}, "difficulty": {"K": "Khó"}}: '
            "names of the topic and difficulty codes the file uses (see unresolved_codes)"
        }
    )


class RowErrorSchema(ApiSchema):
    """One problem in one cell, or in a whole row when column is null."""

    sheet = Text(required=True)
    row = Count(required=True, metadata={"description": "The Excel row number"})
    column = Text(required=True, allow_none=True, metadata={"description": "Its letter"})
    code = Text(required=True)
    message = Text(required=True)


class ConvertedRowSchema(ApiSchema):
    """A row whose text was converted to Unicode from a legacy Vietnamese encoding."""

    sheet = Text(required=True)
    row = Count(required=True)
    encoding = Text(required=True, metadata={"enum": ["tcvn3", "vni"]})


class ColumnSchema(ApiSchema):
    """One column of the header row: its header, sample values, and the field it is read as."""

    index = Int(minimum=0, maximum=16383, required=True, metadata={"description": "A = 0"})
    letter = Text(required=True)
    header = Text(required=True)
    samples = List(Text(), required=True)
    field = Text(
        required=True,
        allow_none=True,
        metadata={"enum": list(FIELDS), "description": "null: not recognised"},
    )


class MappingSchema(ApiSchema):
    """How the columns of the first question sheet were read."""

    sheet = Text(required=True)
    header_row = Count(required=True, metadata={"description": "1-based"})
    signature = Text(required=True, metadata={"description": "SHA-256 of the folded headers"})
    columns = Nested(ColumnSchema, many=True, required=True)
    missing = List(Text(), required=True, metadata={"description": "Required fields not found"})
    unsure = List(
        Text(),
        required=True,
        metadata={"description": "Why a person should check: unknown_columns, duplicate_field"},
    )
    needed = Bool(required=True, metadata={"description": "The file cannot be read without one"})
    applied = Text(
        required=True,
        metadata={
            "enum": ["detected", "saved", "given"],
            "description": "detected; saved: the mapping remembered for these headers; given",
        },
    )
    saved_at = Text(
        required=True,
        allow_none=True,
        metadata={"format": "date-time", "description": "When the remembered mapping was saved"},
    )


class ImportReportSchema(ApiSchema):
    """What an import did, or in a dry run would do, and how the file was read."""

    import_id = Id(required=True, allow_none=True, metadata={"description": "null in a dry run"})
    imported = Count(required=True)
    duplicates = Count(required=True, metadata={"description": "Already in the bank or the file"})
    errors = Nested(RowErrorSchema, many=True, required=True)
    converted_rows = Nested(ConvertedRowSchema, many=True, required=True)
    by_topic = Dict(
        keys=Text(),
        values=Dict(keys=Text(), values=Dict(keys=Text(), values=Count())),
        required=True,
        metadata={"description": "Valid questions as {topic: {difficulty: {type: count}}}"},
    )
    source = Text(required=True, metadata={"enum": ["workbook", "docx", "moodle"]})
    mapping = Nested(
        MappingSchema,
        required=True,
        allow_none=True,
        metadata={"description": "How the columns were read; null for Word and Moodle files"},
    )
    codes = Dict(
        keys=Text(),
        values=Dict(keys=Text(), values=Text()),
        required=True,
        metadata={"description": "Codes used, as {topic | difficulty: {code: name}}"},
    )
    unresolved_codes = Dict(
        keys=Text(),
        values=List(Text()),
        required=True,
        metadata={"description": "Codes without a name: give them in `codes` to import"},
    )


class QuestionImportSchema(ApiSchema):
    """One import of a file, and whether it can still be undone."""

    id = Id(required=True)
    filename = Text(required=True)
    sha256 = Text(required=True)
    created_at = LocalTime(required=True)
    created_by = Nested(AuthorSchema, required=True, allow_none=True)
    imported = Count(required=True)
    duplicates = Count(required=True)
    error_count = Count(required=True)
    accept_partial = Bool(required=True)
    undone_at = LocalTime(required=True, allow_none=True)
    undone_by = Nested(AuthorSchema, required=True, allow_none=True)
    undoable = Bool(required=True, metadata={"description": "No question of it used in a round"})


class QuestionImportDetailSchema(QuestionImportSchema):
    report = Dict(required=True, metadata={"description": "The import's answer, as it was given"})
