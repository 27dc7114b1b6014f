/* test_db_url.c — a database's location shown without its password: in the user part or as a
 * password= parameter, whatever else the URL holds; a path or a URL without one as it is. */
#include "harness.h"
#include "store/db_url.h"

static const char *redact(const char *in)
{
	static char out[256];
	return cr_db_url_redact(in, out, sizeof out);
}

TEST(db_url_hides_the_password_of_the_user_part)
{
	STR_EQ(redact("postgres://cityrisk:s3cret@db.example.cn:5432/suzhou"),
	       "postgres://cityrisk:***@db.example.cn:5432/suzhou");
	STR_EQ(redact("postgresql://u:p%40ss@10.0.0.5/city?sslmode=require"),
	       "postgresql://u:***@10.0.0.5/city?sslmode=require");
	/* an empty password is still hidden: the shape says nothing either way */
	STR_EQ(redact("postgres://u:@h/db"), "postgres://u:***@h/db");
}

TEST(db_url_hides_a_password_parameter)
{
	STR_EQ(redact("postgres://u@h:5432/db?sslmode=require&password=topsecret"),
	       "postgres://u@h:5432/db?sslmode=require&password=***");
	STR_EQ(redact("postgres://u@h/db?PASSWORD=x&application_name=cityrisk"),
	       "postgres://u@h/db?PASSWORD=***&application_name=cityrisk");
	STR_EQ(redact("postgres://u:a@h/db?password=b"), "postgres://u:***@h/db?password=***");
	/* a parameter that only ends in password is another parameter */
	STR_EQ(redact("postgres://h/db?xpassword=1"), "postgres://h/db?xpassword=1");
}

TEST(db_url_leaves_paths_and_urls_without_a_password_alone)
{
	STR_EQ(redact("/var/lib/cityrisk/city.db"), "/var/lib/cityrisk/city.db");
	STR_EQ(redact("cityrisk.db"), "cityrisk.db");
	STR_EQ(redact("postgres://cityrisk@127.0.0.1:5432/suzhou"),
	       "postgres://cityrisk@127.0.0.1:5432/suzhou");
	/* a colon after the host is the port, not a password */
	STR_EQ(redact("postgres://h:5432/db"), "postgres://h:5432/db");
	/* an '@' in the path is no user part */
	STR_EQ(redact("postgres://h/db@x:y"), "postgres://h/db@x:y");
}

TEST(db_url_cuts_to_the_buffer)
{
	char out[12];
	STR_EQ(cr_db_url_redact("postgres://u:pw@host/db", out, sizeof out), "postgres://");
	char one[1];
	STR_EQ(cr_db_url_redact("/x.db", one, sizeof one), "");
}
