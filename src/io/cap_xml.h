/* cap_xml.h — the CAP 1.2 feed as XML: an Atom feed (RFC 4287) whose entries each carry one CAP
 * <alert> (namespace urn:oasis:names:tc:emergency:cap:1.2) as their content, written with
 * libxml2's xmlTextWriter so every text is escaped. It knows no database and no rule. */
#ifndef CR_CAP_XML_H
#define CR_CAP_XML_H

#include <jansson.h>
#include <stddef.h>

/* The feed's own facts. Strings are borrowed. */
struct cr_cap_feed {
	const char *id;      /* the feed's URI, "urn:cityrisk:3205:cap" */
	const char *title;   /* 苏州市城市安全风险公共预警 */
	const char *updated; /* RFC 3339 */
	const char *sender;  /* CAP sender, "cityrisk.3205" */
	const char *sender_name;
};

/* Writes the feed for items (published warnings as store/cap_alerts.c reads them, each with
 * "identifier" and "sent" set). Returns malloc'd UTF-8 XML with *len, or NULL. */
char *cr_cap_feed_xml(const struct cr_cap_feed *f, const json_t *items, size_t *len);

#endif
