#!/usr/bin/python3
"""pdf_a11y.py - checks that tablero's PDFs stay tagged and archivable.

    python3 tests/pdf_a11y.py SRC_ES_REPORT_H FILE.pdf...

For every file: the catalog of a tagged document (/Lang es-AR, /MarkInfo,
/StructTreeRoot, /ViewerPreferences /DisplayDocTitle), a well-nested
structure tree of standard types whose every Figure has /Alt, every painting
operator of every page inside a tagged sequence or an Artifact, each MCID
owned by exactly the element the ParentTree names, fonts embedded with
ToUnicode (pdffonts), XMP metadata equal to the info dictionary with the
PDF/A-2b identification, an sRGB output intent, a trailer /ID, and poppler
rendering without a warning. For the monthly report, pdftotext reads each
summary tile's number next to its label (the labels come from the Spanish
strings header, so wording changes do not break the test).
Prints one line per problem; exit status 1 when there is any.
"""
import re
import subprocess
import sys

import pikepdf

GROUPING = {"Document", "Sect", "Part", "Div", "Table", "TR", "THead", "TBody", "L", "LI"}
ALLOWED_PARENTS = {
    "Sect": {"Document", "Sect"},
    "H1": {"Sect", "Document"},
    "H2": {"Sect", "Document"},
    "P": {"Sect", "Document", "LI", "LBody", "TD", "TH"},
    "L": {"Sect", "Document", "LBody"},
    "LI": {"L"},
    "Lbl": {"LI"},
    "LBody": {"LI"},
    "Table": {"Sect", "Document"},
    "TR": {"Table", "THead", "TBody"},
    "TH": {"TR"},
    "TD": {"TR"},
    "Figure": {"Sect", "Document"},
}
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do"}
# not allowed inside a text object (ISO 32000-1, figure 9)
NOT_IN_TEXT = {"m", "l", "c", "v", "y", "h", "re", "f", "F", "f*", "B", "B*", "b", "b*", "S",
               "s", "n", "W", "W*", "q", "Q", "cm", "sh", "Do"}


def problems_of(path, labels):
    out = []
    def bad(msg):
        out.append(f"{path}: {msg}")

    pdf = pikepdf.open(path)
    root = pdf.Root
    if str(root.get("/Lang", "")) != "es-AR":
        bad("falta /Lang (es-AR) en el catálogo")
    mi = root.get("/MarkInfo")
    if mi is None or not bool(mi.get("/Marked", False)):
        bad("falta /MarkInfo /Marked true")
    vp = root.get("/ViewerPreferences")
    if vp is None or not bool(vp.get("/DisplayDocTitle", False)):
        bad("falta /ViewerPreferences /DisplayDocTitle")
    st = root.get("/StructTreeRoot")
    if st is None:
        bad("sin árbol de estructura")
        return out

    # --- structure tree: nesting, types, Alt, the MCIDs each element owns
    owned = {}   # (page objgen, mcid) -> element objgen
    counts = {}
    def walk(elem, parent_type, depth):
        s = str(elem.get("/S", ""))[1:]
        counts[s] = counts.get(s, 0) + 1
        allowed = ALLOWED_PARENTS.get(s)
        if depth == 0 and s != "Document":
            bad(f"la raíz es {s}, no Document")
        elif depth > 0 and (allowed is None or parent_type not in allowed):
            bad(f"{s} dentro de {parent_type}")
        if s == "Figure" and not str(elem.get("/Alt", "")).strip():
            bad("Figure sin /Alt")
        if s == "TH" and "/A" not in elem:
            bad("TH sin /Scope")
        pg = elem.get("/Pg")
        kids = elem.get("/K")
        if kids is None:
            return
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        for k in kids:
            if isinstance(k, int) or (hasattr(k, "is_integer") and False):
                if pg is None:
                    bad(f"{s}: MCID {k} sin /Pg")
                    continue
                if s in GROUPING:
                    bad(f"{s} contiene contenido marcado directamente")
                owned[(pg.objgen, int(k))] = elem.objgen
            elif isinstance(k, pikepdf.Dictionary) and str(k.get("/Type", "")) == "/MCR":
                owned[(k.Pg.objgen, int(k.MCID))] = elem.objgen
            elif isinstance(k, pikepdf.Dictionary):
                if k.get("/P") is None or k.P.objgen != elem.objgen:
                    bad(f"{str(k.get('/S'))}: /P no apunta a su padre {s}")
                walk(k, s, depth + 1)
    k0 = st.get("/K")
    if k0 is None:
        bad("StructTreeRoot sin /K")
        return out
    walk(k0, "StructTreeRoot", 0)
    for need in ("Sect", "H1", "P"):
        if counts.get(need, 0) == 0:
            bad(f"ningún elemento {need}")

    # --- parent tree
    nums = st.ParentTree.get("/Nums")
    parent_tree = {}
    for i in range(0, len(nums), 2):
        parent_tree[int(nums[i])] = nums[i + 1]

    # --- page content: everything painted is inside BDC/BMC; MCIDs match;
    # a marked-content sequence lies wholly inside one text object or wholly
    # outside any (ISO 32000-1, 14.6: it may not straddle BT or ET)
    for n, page in enumerate(pdf.pages, 1):
        depth = 0
        mcids = []
        text_obj = None   # number of the open text object, or None
        n_text = 0
        opened_in = []    # per open sequence: the text object it began in
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "BT":
                if text_obj is not None:
                    bad(f"página {n}: BT dentro de otro objeto de texto")
                n_text += 1
                text_obj = n_text
            elif o == "ET":
                if text_obj is None:
                    bad(f"página {n}: ET sin BT")
                elif text_obj in opened_in:
                    bad(f"página {n}: contenido marcado abierto en BT cruza el ET")
                text_obj = None
            elif o in NOT_IN_TEXT and text_obj is not None:
                bad(f"página {n}: «{o}» dentro de un objeto de texto")
            if o in ("BDC", "BMC"):
                opened_in.append(text_obj)
                depth += 1
                if o == "BDC" and str(operands[0]) != "/Artifact":
                    props = operands[1]
                    if "/MCID" not in props:
                        bad(f"página {n}: BDC {operands[0]} sin MCID")
                    else:
                        mcids.append(int(props.MCID))
            elif o == "EMC":
                depth -= 1
                if depth < 0:
                    bad(f"página {n}: EMC sin apertura")
                    depth = 0
                elif opened_in.pop() != text_obj:
                    bad(f"página {n}: contenido marcado cruza un BT o ET")
            elif o in PAINT and depth == 0:
                bad(f"página {n}: «{o}» fuera de etiquetas y artefactos")
                break
        if depth != 0:
            bad(f"página {n}: contenido marcado sin cerrar")
        if mcids:
            sp = page.obj.get("/StructParents")
            if sp is None or int(sp) not in parent_tree:
                bad(f"página {n}: sin /StructParents en el ParentTree")
                continue
            arr = parent_tree[int(sp)]
            for m in mcids:
                key = (page.obj.objgen, m)
                if key not in owned:
                    bad(f"página {n}: MCID {m} no pertenece a ningún elemento")
                elif m >= len(arr) or arr[m].objgen != owned[key]:
                    bad(f"página {n}: el ParentTree no nombra al dueño del MCID {m}")

    # --- metadata: info == XMP, PDF/A-2b, output intent, /ID
    info = pdf.docinfo
    meta = pdf.open_metadata()
    def info_s(k):
        v = info.get(k)
        return str(v) if v is not None else None
    pairs = [("/Title", "dc:title"), ("/Subject", "dc:description"),
             ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
    for ik, xk in pairs:
        if info_s(ik) != meta.get(xk):
            bad(f"info {ik} «{info_s(ik)}» ≠ XMP {xk} «{meta.get(xk)}»")
    if info_s("/Author") is not None and meta.get("dc:creator") != [info_s("/Author")]:
        bad("info /Author ≠ XMP dc:creator")
    if not info_s("/Title"):
        bad("sin título")
    if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
        bad("XMP sin identificación PDF/A-2b")
    cd = info_s("/CreationDate")
    xd = meta.get("xmp:CreateDate")
    if cd and xd:
        m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", cd)
        if not m or xd != "%s-%s-%sT%s:%s:%sZ" % m.groups():
            bad(f"fecha info {cd} ≠ XMP {xd}")
    ois = root.get("/OutputIntents")
    if not ois or str(ois[0].get("/S")) != "/GTS_PDFA1" or int(ois[0].DestOutputProfile.N) != 3:
        bad("sin intención de salida sRGB (GTS_PDFA1)")
    tid = pdf.trailer.get("/ID")
    if tid is None or len(tid) != 2 or len(bytes(tid[0])) != 16:
        bad("trailer sin /ID")

    # --- fonts: embedded, with ToUnicode
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True)
    lines = fonts.stdout.splitlines()[2:]
    if not lines:
        bad("pdffonts no lista fuentes")
    for ln in lines:
        cols = ln.split()
        if len(cols) < 5 or cols[-5] != "yes" or cols[-3] != "yes":
            bad(f"fuente sin incrustar o sin ToUnicode: {ln}")

    # --- poppler reads it without a warning
    for tool in (["pdftotext", path, "/dev/null"],):
        r = subprocess.run(tool, capture_output=True)
        if r.stderr.strip():
            bad(f"{tool[0]} avisa: {r.stderr.decode(errors='replace').strip()[:200]}")

    # --- the summary tiles read number then label
    # (a municipality measured against the network's common plan has no
    # plan counts of its own, and says so under "Con qué plan se mide")
    if "informe-gestion-" in path:
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
        common = "Con qué plan se mide" in text
        for label in ([] if common else labels):
            if not re.search(r"(^|\n)[0-9.]+[ \n]+" + re.escape(label) + r"\b", text):
                bad(f"la cifra de la tarjeta «{label}» no precede a su etiqueta en el texto")
    return out


def main():
    header = open(sys.argv[1], encoding="utf-8").read()
    def msg(name):
        m = re.search(r"#define " + name + r' "([^"]*)"', header)
        return m.group(1)
    labels = [msg(n) for n in ("MSG_R_N_AXES", "MSG_R_N_OBJECTIVES", "MSG_R_N_INDICATORS")]
    problems = []
    for path in sys.argv[2:]:
        problems += problems_of(path, labels)
    for p in problems:
        print(p)
    print(f"a11y: {len(sys.argv) - 2} PDF, {len(problems)} problemas")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
