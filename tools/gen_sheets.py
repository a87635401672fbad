#!/usr/bin/env python3
"""gen_sheets.py - writes the workbook fixtures of tests/cases (committed;
the tests never run this). Each workbook is written with zipfile and the XML
that Excel (sharedStrings, styles with numFmtId 9/10, 17-digit fractions,
merged title) or LibreOffice (custom "0.0%" formats, inline strings; .ods
with repeated columns/rows and covered cells) really write, holding the
bundled table input/autodiagnosticos.csv, plus the hostile archives.

    python3 tools/gen_sheets.py tests/cases
"""
import os
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

TITLE = "Índices de profesionalización"
YEARS = [2023, 2022, 2021, 2020]
# The bundled table, values as written in the CSV ("" = empty cell).
ROWS = [
    ("Profesionalización de los equipos de gestión", ["86,50%", "75,60%", "68%", "50%"]),
    ("Atención ciudadana", ["85%", "69%", "63%", "34%"]),
    ("Seguridad ciudadana", ["-%", "67%", "61%", "37%"]),
    ("Comunicación estratégica", ["-", "81%", "88%", "76%"]),
    ("Transformación digital", ["-", "66,90%", "55%", ""]),
    ("Capital Humano", ["-", "62%", "63%", ""]),
    ("Finanzas Municipales", ["-", "76,50%", "", ""]),
    ("Gobierno abierto y acceso a la información", ["69,70%", "66,70%", "", ""]),
    ("Compras Gubernamentales", ["78,50%", "", "", ""]),
    ("Movilidada Urbana", ["53%", "", "", ""]),
    ("Gestión eficiente de flota de gobiernos locales", ["-%", "", "", ""]),
    ("Espacio Público", ["83%", "", "", ""]),
    ("Biodiversidad", ["65%", "", "", ""]),
    ("GIRSU Gestión integral de Residuos", ["-%", "", "", ""]),
    ("Atención Primaria de la Salud", ["82%", "", "", ""]),
    ("Desarrollo Emprendedor", ["81%", "", "", ""]),
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def pct(cell):
    """86,50% -> 0.865 (a fraction, as a percentage-formatted cell holds)."""
    return float(cell.rstrip("%").replace(",", ".")) / 100


def is_number(cell):
    return cell not in ("", "-", "-%")


def col(c):
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


# ---- xlsx -----------------------------------------------------------------

def content_types(nsheets, sst=True):
    over = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, nsheets + 1))
    if sst:
        over += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    return (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/>' + over + '<Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>')


ROOT_RELS = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
             'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')


def workbook(sheets, date1904=False, absolute=False):
    """sheets: list of (name, state)."""
    s = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i}"'
        + (f' state="{st}"' if st else "") + f' r:id="rId{i}"/>'
        for i, (n, st) in enumerate(sheets, 1))
    pr = '<workbookPr date1904="1" defaultThemeVersion="166925"/>' if date1904 else \
        '<workbookPr defaultThemeVersion="166925"/>'
    wb = (XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
          '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
          + pr + '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth='
          '"20730" windowHeight="11160"/></bookViews><sheets>' + s + '</sheets>'
          '<calcPr calcId="191029"/></workbook>')
    base = "/xl/" if absolute else ""
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{NS_R}/worksheet" '
        f'Target="{base}worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    n = len(sheets)
    rels += (f'<Relationship Id="rId{n + 1}" Type="{NS_R}/styles" Target="{base}styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{NS_R}/sharedStrings" '
             f'Target="{base}sharedStrings.xml"/>')
    rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + rels + '</Relationships>')
    return wb, rels


def styles(custom):
    """custom: list of (id, code). cellXfs: 0 general, 1 numFmt 10 (0.00%),
    2 numFmt 9 (0%), 3 numFmt 14 (date), then one per custom format."""
    fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                   for i, c in custom)
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
           '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
           '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
           '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>']
    xfs += [f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>' for i, _ in custom]
    return (XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
            + (f'<numFmts count="{len(custom)}">{fmts}</numFmts>' if custom else "")
            + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
            '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
            '<left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">' + "".join(xfs) + '</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '</cellStyles></styleSheet>')


class Sst:
    def __init__(self):
        self.strs, self.index, self.refs = [], {}, 0

    def add(self, s):
        self.refs += 1
        if s not in self.index:
            self.index[s] = len(self.strs)
            self.strs.append(s)
        return self.index[s]

    def xml(self):
        items = "".join(
            f'<si><t xml:space="preserve">{escape(s)}</t></si>' if s != s.strip()
            else f'<si><t>{escape(s)}</t></si>' for s in self.strs)
        return (XML_DECL + f'<sst xmlns="{NS_MAIN}" count="{self.refs}" '
                f'uniqueCount="{len(self.strs)}">' + items + '</sst>')


def sheet_xml(rows, merges=(), dim="A1"):
    """rows: list of (r, [xml of cells])."""
    body = "".join(
        f'<row r="{r}" spans="1:5" x14ac:dyDescent="0.25">' + "".join(cells) + '</row>'
        if cells else f'<row r="{r}"/>' for r, cells in rows)
    mc = ""
    if merges:
        mc = f'<mergeCells count="{len(merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>'
    return (XML_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/'
            f'spreadsheetml/2009/9/ac"><dimension ref="{dim}"/><sheetViews><sheetView '
            'tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr '
            'defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData>' + body
            + '</sheetData>' + mc + '<pageMargins left="0.7" right="0.7" top="0.75" '
            'bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def write_xlsx(path, sheets, sst, sty, date1904=False, absolute=False):
    """sheets: list of (name, state, xml)."""
    wb, rels = workbook([(n, st) for n, st, _ in sheets], date1904, absolute)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types(len(sheets)))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, (_, _, x) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", x)
        z.writestr("xl/styles.xml", sty)
        z.writestr("xl/sharedStrings.xml", sst.xml())
        z.writestr("docProps/app.xml", XML_DECL + '<Properties xmlns="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/extended-properties">'
                   '<Application>Microsoft Excel</Application></Properties>')


def excel_wide(sst, s_pct=1, fmt17=True, formulas=False):
    """The bundled table as Spanish Excel saves it: a merged title, the
    header with numeric years, fractions in 0.00% cells, "-" as text."""
    rows = [(1, [f'<c r="A1" t="s"><v>{sst.add(TITLE)}</v></c>'] +
             [f'<c r="{col(k)}1" s="0"/>' for k in range(2, 6)])]
    hdr = [f'<c r="A2" t="s"><v>{sst.add("Autodiagnósticos")}</v></c>']
    hdr += [f'<c r="{col(k + 2)}2"><v>{y}</v></c>' for k, y in enumerate(YEARS)]
    rows.append((2, hdr))
    for i, (area, vals) in enumerate(ROWS):
        r = i + 3
        cells = [f'<c r="A{r}" t="s"><v>{sst.add(area)}</v></c>']
        for k, v in enumerate(vals):
            ref = f"{col(k + 2)}{r}"
            if v == "":
                continue
            if not is_number(v):
                cells.append(f'<c r="{ref}" s="{s_pct}" t="s"><v>{sst.add(v)}</v></c>')
                continue
            f = pct(v)
            num = ("%.17g" % f) if fmt17 else repr(f)
            style = s_pct if "," in v else 2   # 0.00% where decimals show, else 0%
            if formulas and k == 2:
                # the 2021 column computed from a helper: cached value kept
                cells.append(f'<c r="{ref}" s="{style}"><f>ROUND({num}*1,4)</f><v>{num}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="{style}"><v>{num}</v></c>')
        rows.append((r, cells))
    return sheet_xml(rows, merges=["A1:E1"], dim=f"A1:E{len(ROWS) + 2}")


def notes_sheet(sst, lines):
    rows = []
    for i, (a, b) in enumerate(lines, 1):
        cells = [f'<c r="A{i}" t="s"><v>{sst.add(a)}</v></c>']
        if b:
            cells.append(f'<c r="B{i}" t="s"><v>{sst.add(b)}</v></c>')
        rows.append((i, cells))
    return sheet_xml(rows)


def gen_excel(out):
    sst = Sst()
    notes = notes_sheet(sst, [("Notas", ""), ("Fuente", "Relevamiento municipal 2023"),
                              ("Responsable", "Secretaría de Modernización")])
    data = excel_wide(sst, formulas=True)
    junk = notes_sheet(sst, [("Cálculos auxiliares", ""), ("x", "1,234"), ("Área", "2019")])
    write_xlsx(out, [("Notas", None, notes), ("Hoja1", None, data), ("Aux", "hidden", junk)],
               sst, styles([]))


def gen_libreoffice_xlsx(out):
    """LibreOffice "Excel 2007-365": custom formats (164 "0.0%", 165
    "0%"), uppercase date code, absolute targets, text cells typed in the
    Spanish way ("86,50%") in one column and inline strings."""
    sst = Sst()
    rows = [(1, [f'<c r="A1" s="0" t="s"><v>{sst.add(TITLE)}</v></c>'])]
    hdr = [f'<c r="A2" s="0" t="inlineStr"><is><t>Autodiagnósticos</t></is></c>']
    hdr += [f'<c r="{col(k + 2)}2" s="0" t="n"><v>{y}</v></c>' for k, y in enumerate(YEARS)]
    rows.append((2, hdr))
    for i, (area, vals) in enumerate(ROWS):
        r = i + 3
        cells = [f'<c r="A{r}" s="0" t="inlineStr"><is><t>{escape(area)}</t></is></c>']
        for k, v in enumerate(vals):
            ref = f"{col(k + 2)}{r}"
            if v == "":
                cells.append(f'<c r="{ref}" s="0"/>')
            elif not is_number(v) or k == 1:
                # 2022 typed as text, as pasted from a report
                cells.append(f'<c r="{ref}" s="0" t="s"><v>{sst.add(v)}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="{4 if "," in v else 5}" t="n">'
                             f'<v>{repr(pct(v))}</v></c>')
        rows.append((r, cells))
    data = sheet_xml(rows, dim=f"A1:E{len(ROWS) + 2}")
    write_xlsx(out, [("Autodiagnósticos", None, data)], sst,
               styles([(164, "0.0%"), (165, "0%"), (166, "DD/MM/YYYY")]), absolute=True)


def gen_excel_long(out, date1904=False):
    """A long table: area merged down over its years, the year column holding
    dates (1 January of each year) formatted dd/mm/yyyy, plain numbers 86.5
    (no percentage format) for the values."""
    sst = Sst()
    rows = [(1, [f'<c r="A1" t="s"><v>{sst.add("Área")}</v></c>',
                 f'<c r="B1" t="s"><v>{sst.add("Año")}</v></c>',
                 f'<c r="C1" t="s"><v>{sst.add("Valor")}</v></c>'])]
    merges = []
    r = 2
    base = 1462 if date1904 else 0
    serial = {2023: 44927, 2022: 44562, 2021: 44197, 2020: 43831}
    for area, vals in ROWS:
        first = r
        for k, v in enumerate(vals):
            if v == "":
                continue
            a = (f'<c r="A{r}" t="s"><v>{sst.add(area)}</v></c>' if r == first
                 else f'<c r="A{r}" s="0"/>')
            y = f'<c r="B{r}" s="3"><v>{serial[YEARS[k]] - base}</v></c>'
            if is_number(v):
                val = f'<c r="C{r}"><v>{repr(round(pct(v) * 100, 10))}</v></c>'
            else:
                val = f'<c r="C{r}" t="s"><v>{sst.add(v)}</v></c>'
            rows.append((r, [a, y, val]))
            r += 1
        if r - 1 > first:
            merges.append(f"A{first}:A{r - 1}")
    data = sheet_xml(rows, merges=merges, dim=f"A1:C{r - 1}")
    write_xlsx(out, [("Datos", None, data)], sst, styles([]), date1904=date1904)


# ---- ods -------------------------------------------------------------------

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
          'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:'
          'calcext:1.0" office:version="1.3"')


def ods_text(s):
    return f'<text:p>{escape(s)}</text:p>'


def ods_cell_str(s, extra=""):
    return (f'<table:table-cell office:value-type="string" calcext:value-type="string"{extra}>'
            + ods_text(s) + '</table:table-cell>')


def ods_cell_pct(v, shown):
    return (f'<table:table-cell table:style-name="ce2" office:value-type="percentage" '
            f'office:value="{repr(v)}" calcext:value-type="percentage">'
            + ods_text(shown) + '</table:table-cell>')


def ods_cell_float(v, shown):
    return (f'<table:table-cell office:value-type="float" office:value="{repr(v)}" '
            f'calcext:value-type="float">' + ods_text(shown) + '</table:table-cell>')


def ods_empty(n=1):
    return ('<table:table-cell/>' if n == 1 else
            f'<table:table-cell table:number-columns-repeated="{n}"/>')


def ods_row(cells, rep=1):
    a = f' table:number-rows-repeated="{rep}"' if rep > 1 else ""
    return f'<table:table-row table:style-name="ro1"{a}>' + "".join(cells) + '</table:table-row>'


def ods_table(name, rows, style="ta1", cols=5):
    return (f'<table:table table:name="{escape(name)}" table:style-name="{style}">'
            f'<table:table-column table:style-name="co1" table:number-columns-repeated='
            f'"{cols}" table:default-cell-style-name="Default"/>' + "".join(rows)
            + '</table:table>')


def ods_content(tables):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document-content {ODS_NS}><office:scripts/><office:font-face-decls/>'
            '<office:automatic-styles><style:style style:name="co1" style:family='
            '"table-column"><style:table-column-properties style:column-width="2.258cm"/>'
            '</style:style><style:style style:name="ro1" style:family="table-row">'
            '<style:table-row-properties style:row-height="0.452cm"/></style:style>'
            '<style:style style:name="ta1" style:family="table" style:master-page-name='
            '"Default"><style:table-properties table:display="true" style:writing-mode='
            '"lr-tb"/></style:style><style:style style:name="ta2" style:family="table" '
            'style:master-page-name="Default"><style:table-properties table:display="false" '
            'style:writing-mode="lr-tb"/></style:style><number:percentage-style style:name='
            '"N11"><number:number number:decimal-places="2" number:min-decimal-places="2" '
            'number:min-integer-digits="1"/><number:text>%</number:text>'
            '</number:percentage-style><style:style style:name="ce2" style:family='
            '"table-cell" style:parent-style-name="Default" style:data-style-name="N11"/>'
            '</office:automatic-styles><office:body><office:spreadsheet>'
            '<table:calculation-settings table:automatic-find-labels="false"/>'
            + "".join(tables) + '<table:named-expressions/></office:spreadsheet>'
            '</office:body></office:document-content>')


def write_ods(path, content):
    with zipfile.ZipFile(path, "w") as z:
        # mimetype first and stored, as ODF requires
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                   'xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
                   'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                   '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
                   zipfile.ZIP_DEFLATED)


def ods_shown(v):
    f = pct(v) * 100
    return ("%.2f" % f).replace(".", ",") + " %"


def ods_wide_rows(rows_range):
    # title merged over A1:E1: the origin spans, the rest are covered cells
    rows = [ods_row(['<table:table-cell table:number-columns-spanned="5" '
                     'table:number-rows-spanned="1" office:value-type="string" '
                     f'calcext:value-type="string">{ods_text(TITLE)}</table:table-cell>',
                     '<table:covered-table-cell table:number-columns-repeated="4"/>',
                     ods_empty(1019)])]
    rows.append(ods_row([ods_cell_str("Autodiagnósticos")] +
                        [ods_cell_float(y, str(y)) for y in YEARS] + [ods_empty(1019)]))
    for area, vals in rows_range:
        cells = [ods_cell_str(area)]
        k = 0
        while k < len(vals):
            v = vals[k]
            if v == "":
                n = len(vals) - k   # LibreOffice joins the trailing empties
                cells.append(ods_empty(n + 1019))
                break
            cells.append(ods_cell_pct(pct(v), ods_shown(v)) if is_number(v) else ods_cell_str(v))
            k += 1
        else:
            cells.append(ods_empty(1019))
        rows.append(ods_row(cells))
    rows.append(ods_row([ods_empty(1024)], rep=1048576 - len(rows)))
    return rows


def gen_ods(out):
    notes = ods_table("Instrucciones", [
        ods_row([ods_cell_str("Cómo completar la planilla")]),
        ods_row([ods_cell_str("Sin dato"), ods_cell_str("deje la celda vacía o escriba -")]),
        ods_row([ods_empty(1024)], rep=1048574)])
    data = ods_table("Hoja1", ods_wide_rows(ROWS))
    hidden = ods_table("Borrador", [ods_row([ods_cell_str("Área"), ods_cell_float(1999, "1999")]),
                                    ods_row([ods_cell_str("x"), ods_cell_float(5, "5")])],
                       style="ta2")
    write_ods(out, ods_content([notes, data, hidden]))


def gen_ods_part(out, rows):
    write_ods(out, ods_content([ods_table("Hoja1", ods_wide_rows(rows))]))


def csv_part(out, rows):
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(TITLE + ";;;;\r\nAutodiagnósticos;2023;2022;2021;2020\r\n")
        for area, vals in rows:
            f.write(area + ";" + ";".join(vals) + "\r\n")


# ---- hostile archives ------------------------------------------------------

def minimal_xlsx(path, sheet=None, sst_xml=None, extra=(), method=zipfile.ZIP_DEFLATED):
    sst = Sst()
    x = sheet if sheet is not None else excel_wide(sst)
    wb, rels = workbook([("Hoja1", None)])
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("[Content_Types].xml", content_types(1))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", x)
        z.writestr("xl/styles.xml", styles([]))
        z.writestr("xl/sharedStrings.xml", sst_xml if sst_xml is not None else sst.xml())
        for name, data in extra:
            z.writestr(name, data)


def gen_bomb_ratio(path):
    """sheet1.xml is 40 MB of blanks inside the row element: ~1000:1."""
    sst = Sst()
    body = excel_wide(sst)
    pad = " " * (40 << 20)
    body = body.replace("<sheetData>", "<sheetData>" + pad, 1)
    minimal_xlsx(path, sheet=body, sst_xml=sst.xml())


def gen_declared_size(path):
    """A small entry whose headers claim 3 GiB uncompressed."""
    minimal_xlsx(path)
    data = bytearray(open(path, "rb").read())
    name = b"xl/worksheets/sheet1.xml"
    big = struct.pack("<I", 3 << 30)
    i = 0
    while True:
        i = data.find(b"PK\x03\x04", i)
        if i < 0:
            break
        n = struct.unpack("<H", data[i + 26:i + 28])[0]
        if data[i + 30:i + 30 + n] == name:
            data[i + 22:i + 26] = big
        i += 4
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        n = struct.unpack("<H", data[i + 28:i + 30])[0]
        if data[i + 46:i + 46 + n] == name:
            data[i + 24:i + 28] = big
        i += 4
    open(path, "wb").write(bytes(data))


def gen_path_trick(path):
    minimal_xlsx(path, extra=[("../../../../tmp/tablero-evil.sh", "echo owned\n")])


def gen_entities(path):
    lol = ('<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaaaaaaaa">'
           + "".join(f'<!ENTITY {chr(98 + k)} "' + f"&{chr(97 + k)};" * 16 + '">'
                     for k in range(8)) + ']>'
           f'<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><t>&i;</t></si></sst>')
    minimal_xlsx(path, sst_xml=lol)


def gen_truncated(path, src):
    data = open(src, "rb").read()
    open(path, "wb").write(data[:len(data) * 2 // 3])


def gen_huge_sst(path):
    sst = (XML_DECL + f'<sst xmlns="{NS_MAIN}" count="4000000000" uniqueCount="4000000000">'
           '<si><t>Área</t></si></sst>')
    minimal_xlsx(path, sst_xml=sst)


def gen_ods_rows_bomb(path):
    rows = [ods_row([ods_cell_str("Área"), ods_cell_float(2023, "2023")]),
            ods_row([ods_cell_str("Atención ciudadana"), ods_cell_pct(0.85, "85 %")],
                    rep=900000000)]
    write_ods(path, ods_content([ods_table("Hoja1", rows)]))


def gen_cell_case(path, cell_xml):
    """The bundled table with cell C5 (Atención ciudadana's row is 4;
    Seguridad ciudadana 5) replaced."""
    sst = Sst()
    x = excel_wide(sst)
    import re
    x = re.sub(r'<c r="C5"[^>]*>.*?</c>', cell_xml, x, count=1)
    minimal_xlsx(path, sheet=x, sst_xml=sst.xml())


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "tests/cases"

    def case(name, fname):
        d = os.path.join(root, name, "input")
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, fname)

    gen_excel(case("acepta-xlsx-excel", "autodiagnosticos.xlsx"))
    gen_libreoffice_xlsx(case("acepta-xlsx-libreoffice", "autodiagnosticos.xlsx"))
    gen_excel_long(case("acepta-xlsx-larga-fechas", "autodiagnosticos.xlsx"))
    gen_excel_long(case("acepta-xlsx-1904", "autodiagnosticos.xlsx"), date1904=True)
    gen_ods(case("acepta-ods-libreoffice", "autodiagnosticos.ods"))
    csv_part(case("acepta-mezcla-csv-ods", "a-primeros.csv"), ROWS[:8])
    gen_ods_part(case("acepta-mezcla-csv-ods", "b-resto.ods"), ROWS[8:])
    gen_bomb_ratio(case("rechaza-zip-bomba", "autodiagnosticos.xlsx"))
    gen_declared_size(case("rechaza-zip-tamano-declarado", "autodiagnosticos.xlsx"))
    gen_path_trick(case("rechaza-zip-ruta", "autodiagnosticos.xlsx"))
    gen_entities(case("rechaza-xml-entidades", "autodiagnosticos.xlsx"))
    gen_truncated(case("rechaza-zip-truncado", "autodiagnosticos.xlsx"),
                  os.path.join(root, "acepta-xlsx-excel", "input", "autodiagnosticos.xlsx"))
    gen_huge_sst(case("rechaza-textos-compartidos", "autodiagnosticos.xlsx"))
    gen_ods_rows_bomb(case("rechaza-ods-filas-repetidas", "autodiagnosticos.ods"))
    gen_cell_case(case("rechaza-celda-formula-sin-valor", "autodiagnosticos.xlsx"),
                  '<c r="C5" s="2"><f>B5*2</f></c>')
    gen_cell_case(case("rechaza-celda-error", "autodiagnosticos.xlsx"),
                  '<c r="C5" s="2" t="e"><f>B5/0</f><v>#DIV/0!</v></c>')
    gen_cell_case(case("rechaza-celda-logica", "autodiagnosticos.xlsx"),
                  '<c r="C5" t="b"><v>1</v></c>')
    with open(case("rechaza-no-es-zip", "autodiagnosticos.xlsx"), "w") as f:
        f.write("Área;2023\r\nAtención ciudadana;85%\r\n")


if __name__ == "__main__":
    main()
