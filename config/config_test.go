package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.PostgresDir() != "var/pg" || c.DatabaseURL != "" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestErrorsNameTheVariableAndHideSecrets(t *testing.T) {
	cases := map[string]map[string]string{
		"DATABASE_URL":          {"DATABASE_URL": "postgres://u:s3cret@host:notaport/db"},
		"LOG_LEVEL":             {"LOG_LEVEL": "loud"},
		"HTTP_ADDR":             {"HTTP_ADDR": "8080"},
		"LOG_FORMAT":            {"LOG_FORMAT": "xml"},
		"TELEGRAM_BOT_USERNAME": {"TELEGRAM_BOT_USERNAME": "a b"},
	}
	for name, vars := range cases {
		_, err := Load(env(vars))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error shows the secret: %v", name, err)
		}
	}
}

func TestStringRedactsTheDatabaseURL(t *testing.T) {
	c, err := Load(env(map[string]string{"DATABASE_URL": "postgres://u:s3cret@localhost:5432/db"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "s3cret") || !strings.Contains(s, "redacted") {
		t.Errorf("String() = %s", s)
	}
}
