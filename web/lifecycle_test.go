package web_test

import (
	"io"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"chidao"
	"chidao/storage"
)

// TestOfficeMovesDeadlinesAndDecidesExtensions: on the directive page the
// Office moves one unit's deadline and sees the history; on the queue it
// approves a request until another date; a decided request cannot be
// decided again; a recall shows on the page.
func TestOfficeMovesDeadlinesAndDecidesExtensions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.person("BTGTU", chidao.RoleAdmin, "Phạm Văn Dũng", "1")
	officer := s.person("DPT", chidao.RoleOfficer, "Lê Văn Cường", "2")
	ac := s.login(admin)
	csrf := s.csrfOf(ac)
	due := s.store.Now().Add(72 * time.Hour)
	id, err := s.store.CreateDirective(s.ctx, chidao.System, storage.NewDirective{Number: "16-CV/BTGTU", Title: "V/v thử vòng đời",
		Due: due, UnitCodes: []string{"DPT", "BKG"}})
	if err != nil {
		t.Fatal(err)
	}
	page := "/directives/" + strconv.FormatInt(id, 10)
	later := s.store.Now().AddDate(0, 0, 9).Format("2006-01-02")
	resp := s.do("POST", page+"/due", ac, url.Values{"csrf": {csrf}, "due": {later}, "unit": {"BKG"}, "reason": {"đơn vị đang tổ chức sự kiện lớn"}})
	if resp.StatusCode != 303 {
		t.Fatalf("moving BKG's deadline: %d", resp.StatusCode)
	}
	if got := s.do("POST", page+"/due", ac, url.Values{"csrf": {csrf}, "due": {"2020-01-01"}, "reason": {"x"}}).StatusCode; got != 422 {
		t.Fatalf("a deadline in the past: %d", got)
	}
	body, _ := io.ReadAll(s.do("GET", page, ac, nil).Body)
	for _, want := range []string{"Lịch sử văn bản", "Điều chỉnh thời hạn", "cho Báo Kiên Giang", "đơn vị đang tổ chức sự kiện lớn"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the directive page lacks %q", want)
		}
	}

	ext, err := s.store.RequestExtension(s.ctx, officer.ID, id, due.AddDate(0, 0, 10), "thiết bị hỏng")
	if err != nil {
		t.Fatal(err)
	}
	queue, _ := io.ReadAll(s.do("GET", "/extensions", ac, nil).Body)
	if !strings.Contains(string(queue), "thiết bị hỏng") || !strings.Contains(string(queue), "Đài PT-TH") {
		t.Fatalf("the queue:\n%s", queue)
	}
	decide := "/extensions/" + strconv.FormatInt(ext.ID, 10) + "/decide"
	granted := due.AddDate(0, 0, 5).In(chidao.Zone).Format("2006-01-02")
	if got := s.do("POST", decide, ac, url.Values{"csrf": {csrf}, "decision": {"approve"}, "due": {granted}}).StatusCode; got != 303 {
		t.Fatalf("approving: %d", got)
	}
	if got := s.do("POST", decide, ac, url.Values{"csrf": {csrf}, "decision": {"reject"}, "reason": {"không"}}).StatusCode; got != 422 {
		t.Fatalf("deciding again: %d", got)
	}
	_, u, err := s.store.UnitProgress(s.ctx, id, "DPT")
	if err != nil || chidao.FormatDate(u.Due) != chidao.FormatDate(due.AddDate(0, 0, 5)) {
		t.Fatalf("DPT's deadline after the approval: %v, %v", u.Due, err)
	}
	if got := s.do("POST", page+"/recall", ac, url.Values{"csrf": {csrf}, "reason": {"gửi nhầm"}}).StatusCode; got != 303 {
		t.Fatalf("recalling: %d", got)
	}
	body, _ = io.ReadAll(s.do("GET", page, ac, nil).Body)
	if !strings.Contains(string(body), "Văn bản đã được thu hồi") {
		t.Fatal("the page does not say the directive was recalled")
	}
}
