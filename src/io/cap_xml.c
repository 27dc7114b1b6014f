/* cap_xml.c — writes the CAP 1.2 Atom feed with libxml2 (xmlTextWriter): element order follows
 * the CAP 1.2 schema's sequences. It must not decide what is published: it writes what it gets. */
#include "io/cap_xml.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define CAP_NS "urn:oasis:names:tc:emergency:cap:1.2"

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* <name>text</name>, skipped when optional and the text is empty. */
static int el(xmlTextWriterPtr w, const char *name, const char *text, int optional)
{
	if (optional && !*text)
		return 0;
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text) < 0 ? -1 : 0;
}

static int write_alert(xmlTextWriterPtr w, const struct cr_cap_feed *f, const json_t *a)
{
	if (xmlTextWriterStartElementNS(w, NULL, BAD_CAST "alert", BAD_CAST CAP_NS) < 0)
		return -1;
	if (el(w, "identifier", str(a, "identifier"), 0) || el(w, "sender", f->sender, 0) ||
	    el(w, "sent", str(a, "sent"), 0) || el(w, "status", "Actual", 0) ||
	    el(w, "msgType", "Alert", 0) || el(w, "scope", "Public", 0))
		return -1;
	if (xmlTextWriterStartElement(w, BAD_CAST "info") < 0)
		return -1;
	if (el(w, "language", "zh-CN", 0) || el(w, "category", str(a, "category"), 0) ||
	    el(w, "event", str(a, "event"), 0) || el(w, "urgency", str(a, "urgency"), 0) ||
	    el(w, "severity", str(a, "severity"), 0) ||
	    el(w, "certainty", str(a, "certainty"), 0) ||
	    el(w, "expires", str(a, "expires_cap"), 0) || el(w, "senderName", f->sender_name, 1) ||
	    el(w, "headline", str(a, "headline"), 0) ||
	    el(w, "description", str(a, "description"), 1) ||
	    el(w, "instruction", str(a, "instruction"), 1))
		return -1;
	if (xmlTextWriterStartElement(w, BAD_CAST "area") < 0 ||
	    el(w, "areaDesc", str(a, "area_desc"), 0) || el(w, "polygon", str(a, "polygon"), 1) ||
	    el(w, "circle", str(a, "circle"), 1) || xmlTextWriterEndElement(w) < 0)
		return -1;
	if (xmlTextWriterEndElement(w) < 0) /* info */
		return -1;
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0; /* alert */
}

char *cr_cap_feed_xml(const struct cr_cap_feed *f, const json_t *items, size_t *len)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	char *out = NULL;
	size_t i;
	json_t *a;
	if (!w)
		goto out;
	xmlTextWriterSetIndent(w, 1);
	if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST ATOM_NS) < 0 ||
	    el(w, "id", f->id, 0) || el(w, "title", f->title, 0) || el(w, "updated", f->updated, 0))
		goto out;
	if (xmlTextWriterStartElement(w, BAD_CAST "author") < 0 ||
	    el(w, "name", f->sender_name, 0) || xmlTextWriterEndElement(w) < 0)
		goto out;
	json_array_foreach(items, i, a) {
		if (xmlTextWriterStartElement(w, BAD_CAST "entry") < 0 ||
		    el(w, "id", str(a, "identifier"), 0) || el(w, "title", str(a, "headline"), 0) ||
		    el(w, "updated", str(a, "sent"), 0) || el(w, "summary", str(a, "area_desc"), 0))
			goto out;
		if (xmlTextWriterStartElement(w, BAD_CAST "content") < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "type",
						BAD_CAST "application/cap+xml") < 0 ||
		    write_alert(w, f, a) || xmlTextWriterEndElement(w) < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			goto out;
	}
	if (xmlTextWriterEndDocument(w) < 0)
		goto out;
	xmlFreeTextWriter(w);
	w = NULL;
	*len = (size_t)xmlBufferLength(buf);
	out = malloc(*len + 1);
	if (out) {
		memcpy(out, xmlBufferContent(buf), *len);
		out[*len] = 0;
	}
out:
	if (w)
		xmlFreeTextWriter(w);
	if (buf)
		xmlBufferFree(buf);
	return out;
}
