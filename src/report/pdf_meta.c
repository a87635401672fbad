/* pdf_meta.c - info dictionary, XMP, output intent, trailer /ID and
 * ToUnicode maps (see pdf_meta.h). */
#include "pdf_meta.h"

#include "pdf_hpdf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>


static unsigned long doc_error(pt_tagger *t)
{
    HPDF_STATUS e = HPDF_GetError(t->pdf);
    return e != HPDF_OK ? (unsigned long)e : (unsigned long)HPDF_INVALID_OBJECT;
}

static int present(const char *s)
{
    return s && *s;
}

static void utc(struct tm *tm, long long epoch)
{
    time_t t = (time_t)epoch;
    memset(tm, 0, sizeof *tm);
    gmtime_r(&t, tm);
}

void pm_date_xmp(char *buf, size_t n, long long epoch)
{
    struct tm tm;
    utc(&tm, epoch);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void pm_date_pdf(char *buf, size_t n, long long epoch)
{
    struct tm tm;
    utc(&tm, epoch);
    snprintf(buf, n, "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static unsigned long info_text(pt_tagger *t, HPDF_Dict info, const char *key,
                               const char *utf8)
{
    if (!present(utf8)) return 0;
    HPDF_Binary b = pt_text_string(t, utf8);
    if (!b) return HPDF_GetError(t->pdf) != HPDF_OK ? doc_error(t) : PT_ENOMEM;
    return HPDF_Dict_Add(info, key, b) != HPDF_OK ? doc_error(t) : 0;
}

unsigned long pm_write_info(pt_tagger *t, const pm_info *in)
{
    HPDF_Doc pdf = t->pdf;
    if (!PH_PTR(pdf, HPDF_Doc_Rec, info)) {
        /* Through the public call, which creates and registers the dict. */
        if (HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "-") != HPDF_OK)
            return doc_error(t);
    }
    HPDF_Dict info = PH_PTR(pdf, HPDF_Doc_Rec, info);
    char date[32];
    pm_date_pdf(date, sizeof date, in->created);
    HPDF_String d = HPDF_String_New(PH_PTR(pdf, HPDF_Doc_Rec, mmgr), date, NULL);
    unsigned long rc;
    if (!d || HPDF_Dict_Add(info, "CreationDate", d) != HPDF_OK) return doc_error(t);
    if ((rc = info_text(t, info, "Title", in->title)) ||
        (rc = info_text(t, info, "Author", in->author)) ||
        (rc = info_text(t, info, "Subject", in->subject)) ||
        (rc = info_text(t, info, "Creator", in->creator)) ||
        (rc = info_text(t, info, "Producer", in->producer)))
        return rc;
    return 0;
}

static void xml_escaped(tb_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': tb_buf_puts(out, "&amp;"); break;
        case '<': tb_buf_puts(out, "&lt;"); break;
        case '>': tb_buf_puts(out, "&gt;"); break;
        case '"': tb_buf_puts(out, "&quot;"); break;
        default:
            /* XML 1.0 forbids most control characters. */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
                tb_buf_puts(out, " ");
            else
                tb_buf_append(out, s, 1);
        }
    }
}

static void xmp_alt(tb_buf *out, const char *tag, const char *v)
{
    if (!present(v)) return;
    tb_buf_printf(out, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    xml_escaped(out, v);
    tb_buf_printf(out, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void xmp_simple(tb_buf *out, const char *tag, const char *v)
{
    if (!present(v)) return;
    tb_buf_printf(out, "   <%s>", tag);
    xml_escaped(out, v);
    tb_buf_printf(out, "</%s>\n", tag);
}

void pm_xmp(tb_buf *out, const pm_info *in)
{
    char date[32];
    pm_date_xmp(date, sizeof date, in->created);
    tb_buf_puts(out,
                "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                "  <rdf:Description rdf:about=\"\"\n"
                "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(out, "dc:title", in->title);
    if (present(in->author)) {
        tb_buf_puts(out, "   <dc:creator><rdf:Seq><rdf:li>");
        xml_escaped(out, in->author);
        tb_buf_puts(out, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    xmp_alt(out, "dc:description", in->subject);
    xmp_simple(out, "xmp:CreatorTool", in->creator);
    xmp_simple(out, "xmp:CreateDate", date);
    xmp_simple(out, "pdf:Producer", in->producer);
    tb_buf_puts(out,
                "   <pdfaid:part>2</pdfaid:part>\n"
                "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                "  </rdf:Description>\n"
                " </rdf:RDF>\n"
                "</x:xmpmeta>\n"
                "<?xpacket end=\"w\"?>");
}

static HPDF_Dict new_stream(pt_tagger *t)
{
    return HPDF_DictStream_New(PH_PTR(t->pdf, HPDF_Doc_Rec, mmgr), PH_PTR(t->pdf, HPDF_Doc_Rec, xref));
}

unsigned long pm_finish(pt_tagger *t, const pm_info *in, const unsigned char *icc,
                        size_t n, const unsigned char id[16])
{
    HPDF_Doc pdf = t->pdf;
    HPDF_MMgr mm = PH_PTR(pdf, HPDF_Doc_Rec, mmgr);

    tb_buf x;
    tb_buf_init(&x);
    pm_xmp(&x, in);
    if (x.failed) {
        tb_buf_fini(&x);
        return PT_ENOMEM;
    }
    HPDF_Dict meta = new_stream(t);
    HPDF_STATUS st = HPDF_INVALID_OBJECT;
    if (meta && HPDF_Dict_AddName(meta, "Type", "Metadata") == HPDF_OK &&
        HPDF_Dict_AddName(meta, "Subtype", "XML") == HPDF_OK) {
        ph_set_uint(meta, offsetof(HPDF_Dict_Rec, filter), HPDF_STREAM_FILTER_NONE);   /* readable by archive tools */
        st = HPDF_Stream_Write((HPDF_Stream)PH_PTR(meta, HPDF_Dict_Rec, stream), (const HPDF_BYTE *)x.data,
                               (HPDF_UINT)x.len);
    }
    tb_buf_fini(&x);
    if (st != HPDF_OK || HPDF_Dict_Add(PH_PTR(pdf, HPDF_Doc_Rec, catalog), "Metadata", meta) != HPDF_OK)
        return doc_error(t);

    HPDF_Dict prof = new_stream(t);
    if (!prof || HPDF_Dict_AddNumber(prof, "N", 3) != HPDF_OK ||
        HPDF_Stream_Write((HPDF_Stream)PH_PTR(prof, HPDF_Dict_Rec, stream), icc, (HPDF_UINT)n) != HPDF_OK)
        return doc_error(t);
    ph_set_uint(prof, offsetof(HPDF_Dict_Rec, filter), HPDF_STREAM_FILTER_FLATE_DECODE);
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Array ois = HPDF_Array_New(mm);
    if (!oi || !ois || HPDF_Dict_AddName(oi, "Type", "OutputIntent") != HPDF_OK ||
        HPDF_Dict_AddName(oi, "S", "GTS_PDFA1") != HPDF_OK ||
        HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                      HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)) != HPDF_OK ||
        HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL)) !=
            HPDF_OK ||
        HPDF_Dict_Add(oi, "DestOutputProfile", prof) != HPDF_OK ||
        HPDF_Array_Add(ois, oi) != HPDF_OK ||
        HPDF_Dict_Add(PH_PTR(pdf, HPDF_Doc_Rec, catalog), "OutputIntents", ois) != HPDF_OK)
        return doc_error(t);

    HPDF_Array ida = HPDF_Array_New(mm);
    if (!ida || HPDF_Array_Add(ida, HPDF_Binary_New(mm, (HPDF_BYTE *)id, 16)) != HPDF_OK ||
        HPDF_Array_Add(ida, HPDF_Binary_New(mm, (HPDF_BYTE *)id, 16)) != HPDF_OK ||
        HPDF_Dict_Add(PH_PTR(pdf, HPDF_Doc_Rec, trailer), "ID", ida) != HPDF_OK)
        return doc_error(t);
    return 0;
}

unsigned long pm_font_tounicode(pt_tagger *t, HPDF_Font font, HPDF_Encoder enc)
{
    HPDF_Dict s = new_stream(t);
    if (!s) return doc_error(t);
    ph_set_uint(s, offsetof(HPDF_Dict_Rec, filter), HPDF_STREAM_FILTER_FLATE_DECODE);
    /* The map is built in one buffer and written at once: a snprintf and a
     * stream write per code was 1 % of a network run (two fonts in every
     * document). At most 224 codes: 12 bytes each, and the frame. */
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\n"
                               "end\nend\n";
    static const char hexd[] = "0123456789ABCDEF";
    char map[sizeof head + sizeof tail + 3 * 32 + 224 * 12];
    size_t len = sizeof head - 1;
    memcpy(map, head, len);
    /* bfchar blocks hold at most 100 entries. */
    unsigned codes[224], uni[224], n = 0;
    for (unsigned code = 32; code < 256; code++) {
        HPDF_UNICODE u = HPDF_Encoder_ToUnicode(enc, (HPDF_UINT16)code);
        if (u == 0) continue;
        codes[n] = code;
        uni[n++] = u;
    }
    for (unsigned i = 0; i < n; i += 100) {
        unsigned m = n - i < 100 ? n - i : 100;
        len += (size_t)snprintf(map + len, sizeof map - len, "%u beginbfchar\n", m);
        for (unsigned k = i; k < i + m; k++) {
            char *o = map + len;   /* "<XX> <XXXX>\n" */
            o[0] = '<';
            o[1] = hexd[codes[k] >> 4 & 15];
            o[2] = hexd[codes[k] & 15];
            memcpy(o + 3, "> <", 3);
            for (int h = 0; h < 4; h++) o[6 + h] = hexd[uni[k] >> (12 - 4 * h) & 15];
            memcpy(o + 10, ">\n", 2);
            len += 12;
        }
        memcpy(map + len, "endbfchar\n", 10);
        len += 10;
    }
    memcpy(map + len, tail, sizeof tail - 1);
    len += sizeof tail - 1;
    HPDF_STATUS st = HPDF_Stream_Write((HPDF_Stream)PH_PTR(s, HPDF_Dict_Rec, stream),
                                       (const HPDF_BYTE *)map, (HPDF_UINT)len);
    if (st != HPDF_OK || HPDF_Dict_Add(font, "ToUnicode", s) != HPDF_OK)
        return doc_error(t);
    return 0;
}
