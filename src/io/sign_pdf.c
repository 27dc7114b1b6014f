/* sign_pdf.c — the warning sign as a one-page A4 PDF: band, table, QR code. Must not decide what
 * the sign says (service/sign.c does). */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "domain/grade.h"
#include "io/pdf_doc.h"
#include "io/sign_render.h"

#define QR_SIZE 118.0

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : "—";
}

/* "a；b；c" of a string array into buf. */
static const char *joined(const json_t *arr, char *buf, size_t cap)
{
	size_t len = 0, i;
	json_t *x;
	buf[0] = '\0';
	json_array_foreach(arr, i, x) {
		int n = snprintf(buf + len, cap - len, "%s%s", len ? "；" : "",
				 json_string_value(x));
		if (n > 0 && (size_t)n < cap - len)
			len += (size_t)n;
	}
	return len ? buf : "—";
}

static void qr_draw(cairo_t *cr, const char *url, double x, double y, double size)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return;
	double m = size / (qr->width + 8); /* a quiet zone of four modules */
	cr_rgb_set(cr, 0xffffff);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cr_rgb_set(cr, 0x000000);
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width; c++)
			if (qr->data[r * qr->width + c] & 1)
				cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
	cairo_fill(cr);
	QRcode_free(qr);
}

int cr_sign_render_pdf(const json_t *sign, const char *path, struct cr_err *err)
{
	static const char *const kinds[][2] = {
		{ "engineering", "工程技术" }, { "technical", "技术" },    { "management", "管理" },
		{ "training", "培训教育" },    { "personal", "个体防护" },
	};
	char title[64];
	snprintf(title, sizeof title, "安全风险告知卡（一险一牌）");
	struct cr_pdf *p = cr_pdf_open(path, title, err);
	if (!p)
		return -1;
	cairo_t *cr = cr_pdf_cairo(p);
	int g = (int)json_integer_value(json_object_get(sign, "grade"));
	unsigned band = cr_rgb_parse(cr_grade_color_hex(g), 0x888888);
	unsigned ink = cr_rgb_light(band) ? 0x1a1a1a : 0xffffff;
	double x = cr_pdf_left(p), w = cr_pdf_width(p);
	double top = cr_pdf_room(p, 150);
	cr_rgb_set(cr, band);
	cairo_rectangle(cr, x, top, w, 138);
	cairo_fill(cr);
	cr_text_draw(cr, "安全风险告知卡", x, top + 14, w, 34, true, ink, 0);
	cr_text_draw(cr, str(sign, "grade_name"), x, top + 70, w, 26, true, ink, 0);
	double h =
		cr_text_draw(cr, str(sign, "name"), x, cr_pdf_room(p, 0), w, 24, true, 0x1a1a1a, 0);
	cr_pdf_room(p, h + 12);

	char accidents[512], labels[5][48], values[5][512], emergency[1024];
	const char *cells[2 * 16];
	size_t n = 0;
#define ROW(label, value) (cells[n * 2] = (label), cells[n * 2 + 1] = (value), n++)
	ROW("风险点名称", str(sign, "name"));
	ROW("风险等级", str(sign, "grade_name"));
	ROW("所属单位", str(sign, "unit_name"));
	ROW("位置", str(sign, "location"));
	ROW("可能导致的事故类型",
	    joined(json_object_get(sign, "accident_types"), accidents, sizeof accidents));
	for (size_t k = 0; k < 5; k++) {
		const json_t *list =
			json_object_get(json_object_get(sign, "measures"), kinds[k][0]);
		if (json_array_size(list)) {
			snprintf(labels[k], sizeof labels[k], "%s措施", kinds[k][1]);
			ROW(labels[k], joined(list, values[k], sizeof values[k]));
		}
	}
	ROW("应急处置措施",
	    joined(json_object_get(sign, "emergency"), emergency, sizeof emergency));
	ROW("管控层级", str(sign, "control_level"));
	ROW("责任人", str(sign, "owner"));
	ROW("应急电话", str(sign, "phone"));
#undef ROW
	static const double widths[] = { 0.25, 0.75 };
	static const char *const head[] = { "项目", "内容" };
	unsigned fills[2 * 16] = { 0 };
	fills[3] = band; /* the grade row's value in the grade's colour */
	cr_pdf_table_font(p, 12);
	cr_pdf_table(p, 2, widths, head, cells, fills, n);
	double qy = cr_pdf_room(p, QR_SIZE + 24);
	qr_draw(cr, str(sign, "url"), x + w - QR_SIZE, qy, QR_SIZE);
	cr_text_draw(cr, "扫码查看本风险点的公开信息", x, qy + QR_SIZE / 2 - 20, w - QR_SIZE - 12,
		     12, false, 0x333333, 1);
	cr_text_draw(cr, "发现异常请立即报告，并按应急处置措施行动。", x, qy + QR_SIZE / 2,
		     w - QR_SIZE - 12, 12, true, 0x1a1a1a, 1);
	return cr_pdf_finish(p, err);
}
