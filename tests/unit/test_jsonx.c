/* test_jsonx.c — strict request-body reading: UTF-8, duplicate keys, types, ranges, lengths. */
#include <stdlib.h>

#include "core/jsonx.h"
#include "harness.h"

TEST(jsonx_utf8_length_and_validity)
{
	INT_EQ(cr_utf8_len("abc", 3), 3);
	INT_EQ(cr_utf8_len("昆山市", strlen("昆山市")), 3);
	INT_EQ(cr_utf8_len("\xff", 1), -1);
	INT_EQ(cr_utf8_len("\xe6\x98", 2), -1);     /* truncated sequence */
	INT_EQ(cr_utf8_len("\xc0\xaf", 2), -1);     /* overlong '/' */
	INT_EQ(cr_utf8_len("\xed\xa0\x80", 3), -1); /* UTF-16 surrogate */
}

TEST(jsonx_parse_refuses_bad_bodies)
{
	struct cr_err e = { 0 };
	OK(cr_json_parse_object("[1]", 3, &e) == NULL);
	INT_EQ(e.status, 400);
	OK(cr_json_parse_object("{\"a\":1,\"a\":2}", 13, &e) == NULL);
	OK(cr_json_parse_object("{\"a\":\"\xff\"}", 9, &e) == NULL);
	STR_EQ(e.code, "invalid_utf8");
	OK(cr_json_parse_object("{", 1, &e) == NULL);
	STR_EQ(e.code, "invalid_json");
	json_t *v = cr_json_parse_object("{\"a\":1}", 7, &e);
	OK(v != NULL);
	json_decref(v);
}

TEST(jsonx_field_readers_name_the_field)
{
	struct cr_err e = { 0 };
	json_t *o = json_loads("{\"n\":\"昆山\",\"i\":5,\"r\":1.5,\"s\":3,\"ctl\":\"a\\u0001\"}", 0,
			       NULL);
	const char *s = NULL;
	long long i;
	double d;
	INT_EQ(cr_json_str(o, "n", 2, &s, &e), 0);
	INT_EQ(cr_json_str(o, "n", 1, &s, &e), -1);
	STR_EQ(e.field, "n");
	INT_EQ(cr_json_str(o, "missing", 5, &s, &e), 1);
	INT_EQ(cr_json_str(o, "s", 5, &s, &e), -1);
	STR_EQ(e.field, "s");
	INT_EQ(cr_json_str(o, "ctl", 5, &s, &e), -1);
	json_t *del = json_pack("{ss ss ss}", "del", "a\x7f", "c1", "a\xc2\x85", "ok", "\xc2\xa9");
	INT_EQ(cr_json_str(del, "del", 5, &s, &e), -1);
	INT_EQ(cr_json_str(del, "c1", 5, &s, &e), -1);
	INT_EQ(cr_json_str(del, "ok", 5, &s, &e), 0); /* © is not a control character */
	json_decref(del);
	INT_EQ(cr_json_int(o, "i", 0, 4, &i, &e), -1);
	INT_EQ(cr_json_int(o, "i", 0, 5, &i, &e), 0);
	INT_EQ(i, 5);
	INT_EQ(cr_json_int(o, "r", 0, 5, &i, &e), -1);
	INT_EQ(cr_json_num(o, "r", 0, 2, &d, &e), 0);
	static const char *const allowed[] = { "n", "i", "r", "s", NULL };
	INT_EQ(cr_json_only(o, allowed, &e), -1);
	STR_EQ(e.field, "ctl");
	json_decref(o);
}

/* Issue 7 #16: multi-line fields take LF (CR LF and a lone CR become LF); single-line ones and
 * other control characters are still refused. */
TEST(jsonx_text_takes_line_breaks)
{
	struct cr_err e = { 0 };
	const char *s = NULL;
	json_t *o =
		json_pack("{ss ss ss ss ss}", "lf", "第一行\n第二行", "crlf", "第一行\r\n第二行",
			  "cr", "a\rb\r\n\r\nc", "bell", "a\n\x07", "c1", "a\n\xc2\x85");
	INT_EQ(cr_json_str(o, "lf", 50, &s, &e), -1);
	STR_EQ(e.field, "lf");
	STR_EQ(e.params[0].key, "rule");
	STR_EQ(e.params[0].value, "line_break");
	INT_EQ(cr_json_text(o, "lf", 50, &s, &e), 0);
	STR_EQ(s, "第一行\n第二行");
	INT_EQ(cr_json_text(o, "crlf", 50, &s, &e), 0);
	STR_EQ(s, "第一行\n第二行");
	STR_EQ(json_string_value(json_object_get(o, "crlf")), "第一行\n第二行");
	INT_EQ(cr_json_text(o, "cr", 50, &s, &e), 0);
	STR_EQ(s, "a\nb\n\nc");
	INT_EQ(cr_json_text(o, "bell", 50, &s, &e), -1);
	STR_EQ(e.params[0].value, "control_chars");
	INT_EQ(cr_json_text(o, "c1", 50, &s, &e), -1);
	INT_EQ(cr_json_text(o, "missing", 50, &s, &e), 1);
	INT_EQ(cr_json_text(o, "lf", 6, &s, &e), -1); /* 7 characters with the LF */
	json_decref(o);
}

/* Issue 7 #17: errors carry structured parameters for translation, and cr_err_set clears them. */
TEST(jsonx_errors_carry_params)
{
	struct cr_err e = { 0 };
	const char *s = NULL;
	json_t *o = json_pack("{ss}", "n", "abcdef");
	INT_EQ(cr_json_str(o, "n", 3, &s, &e), -1);
	json_t *j = cr_err_json(&e);
	STR_EQ(json_string_value(json_object_get(j, "code")), "invalid");
	STR_EQ(json_string_value(json_object_get(j, "field")), "n");
	STR_EQ(json_string_value(json_object_get(json_object_get(j, "params"), "rule")),
	       "too_long");
	STR_EQ(json_string_value(json_object_get(json_object_get(j, "params"), "max")), "3");
	json_decref(j);
	cr_err_set(&e, 404, "not_found", "", "gone");
	j = cr_err_json(&e);
	OK(json_object_get(j, "params") == NULL);
	json_decref(j);
	json_decref(o);
}

/* A derived field goes right after the one it is derived from, and only once. */
TEST(jsonx_set_after_keeps_the_order)
{
	json_t *o = json_pack("{si si si}", "a", 1, "grade", 2, "z", 3);
	cr_json_set_after(o, "grade", "color", json_string("orange"));
	char *t = cr_json_dump(o);
	STR_EQ(t, "{\"a\":1,\"grade\":2,\"color\":\"orange\",\"z\":3}");
	free(t);
	cr_json_set_after(o, "grade", "color", json_string("red"));
	cr_json_set_after(o, "missing", "w", json_true());
	cr_json_set_after(o, "w", "last", json_null());
	t = cr_json_dump(o);
	STR_EQ(t, "{\"a\":1,\"grade\":2,\"color\":\"red\",\"z\":3,\"w\":true,\"last\":null}");
	free(t);
	json_decref(o);
}

TEST(utf8_repair_drops_what_a_cut_left)
{
	char cut[8];
	snprintf(cut, sizeof cut, "%s", "火灾爆炸"); /* 7 bytes: 火, 灾 and a third of 爆 */
	cr_utf8_repair(cut);
	STR_EQ(cut, "火灾");
	char mid[] = "a\xe7\x82"
		     "b\xc0\xaf"
		     "c"; /* half a character, an overlong '/' */
	cr_utf8_repair(mid);
	STR_EQ(mid, "abc");
	char ok[] = "单位“A”\xf0\x9f\x94\xa5 ok"; /* a four-byte character stays */
	cr_utf8_repair(ok);
	STR_EQ(ok, "单位“A”\xf0\x9f\x94\xa5 ok");
	char tail[] = "x\xf0\x9f\x94";
	cr_utf8_repair(tail);
	STR_EQ(tail, "x");
}
