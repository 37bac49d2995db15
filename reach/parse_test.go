package reach

import (
	"fmt"
	"testing"
)

func n(v int64) *int64 { return &v }

func show(f Figures) string {
	s := ""
	for i, p := range []*int64{f.Views, f.Likes, f.Shares, f.Comments} {
		if p == nil {
			s += []string{"v", "l", "s", "c"}[i] + "=? "
		} else {
			s += fmt.Sprintf("%s=%d ", []string{"v", "l", "s", "c"}[i], *p)
		}
	}
	return s
}

// TestParse: the answers officers really type, one row each.
func TestParse(t *testing.T) {
	cases := []struct {
		in      string
		want    Figures
		unclear []Why
	}{
		{"12.000 lượt xem, 500 thích, 30 chia sẻ", Figures{Views: n(12000), Likes: n(500), Shares: n(30)}, nil},
		{"12k view", Figures{Views: n(12000)}, nil},
		{"12K views", Figures{Views: n(12000)}, nil},
		{"1,2 triệu lượt xem", Figures{Views: n(1200000)}, nil},
		{"1.2tr", Figures{}, []Why{NoLabel}},
		{"1.2tr view", Figures{Views: n(1200000)}, nil},
		{"1tr2 lượt xem", Figures{Views: n(1200000)}, nil},
		{"3k5 view, 200 like", Figures{Views: n(3500), Likes: n(200)}, nil},
		{"khoảng 3 nghìn lượt xem", Figures{Views: n(3000)}, nil},
		{"khoang 3 ngan luot xem", Figures{Views: n(3000)}, nil},
		{"Dạ clip đạt 12.000 lượt xem sau 7 ngày ạ", Figures{Views: n(12000)}, nil},
		{"12.000 luot xem, 500 thich, 30 chia se, 12 binh luan", Figures{n(12000), n(500), n(30), n(12)}, nil},
		{"Lượt xem: 12.000\nLượt thích: 500\nChia sẻ: 30\nBình luận: 12", Figures{n(12000), n(500), n(30), n(12)}, nil},
		{"view 12k like 500 share 30 cmt 12", Figures{n(12000), n(500), n(30), n(12)}, nil},
		{"👁 12k ❤️ 500 🔁 30 💬 12", Figures{n(12000), n(500), n(30), n(12)}, nil},
		{"1.200.000 lượt xem", Figures{Views: n(1200000)}, nil},
		{"12,000 views, 1,500 likes", Figures{Views: n(12000), Likes: n(1500)}, nil},
		{"1.2M views 3.4K likes", Figures{Views: n(1200000), Likes: n(3400)}, nil},
		{"2,5 nghìn lượt xem, 150 lượt thích", Figures{Views: n(2500), Likes: n(150)}, nil},
		{"1 triệu 200 nghìn lượt xem", Figures{Views: n(1200000)}, nil},
		{"hơn 5 ngàn lượt xem, gần 300 lượt cảm xúc", Figures{Views: n(5000), Likes: n(300)}, nil},
		{"5000 xem 300 tim", Figures{Views: n(5000), Likes: n(300)}, nil},
		{"12.000 lượt xem, chưa có bình luận", Figures{Views: n(12000), Comments: n(0)}, nil},
		{"8.500 lượt xem; không có lượt chia sẻ", Figures{Views: n(8500), Shares: n(0)}, nil},
		{"Em chưa xem được số liệu ạ", Figures{}, nil},
		{"clip https://youtu.be/abc123 được 4.500 lượt xem", Figures{Views: n(4500)}, nil},
		{"ngày 12/5 đạt 900 lượt xem", Figures{Views: n(900)}, nil},
		{"900 reactions, 45 shares, 20 comments", Figures{Likes: n(900), Shares: n(45), Comments: n(20)}, nil},
		{"lượt xem=15000", Figures{Views: n(15000)}, nil},
		{"12000", Figures{}, []Why{NoLabel}},
		{"12,5 lượt xem", Figures{}, []Why{Fraction}},
		{"1,5 view", Figures{}, []Why{Fraction}},
		{"500 tương tác", Figures{}, []Why{Ambiguous}},
		{"12.000 view, 15.000 view", Figures{}, []Why{Conflict}},
		{"12.000 view và 500 like", Figures{Views: n(12000), Likes: n(500)}, nil},
		{"3 clip được 12k view", Figures{Views: n(12000)}, nil},
		{"15.000 lượt xem, 2000", Figures{Views: n(15000)}, []Why{NoLabel}},
		{"LƯỢT XEM 20.000", Figures{Views: n(20000)}, nil},
		{"20.000 lượt xem 😊", Figures{Views: n(20000)}, nil},
		{"Báo cáo: 7,5k view; 320 like; 18 share", Figures{Views: n(7500), Likes: n(320), Shares: n(18)}, nil},
		{"1,25 triệu view", Figures{Views: n(1250000)}, nil},
		{"không", Figures{}, nil},
		{"", Figures{}, nil},
		{"12 min", Figures{}, []Why{NoLabel}},
		{"100% đạt yêu cầu", Figures{}, nil},
		{"0 bình luận, 40 chia sẻ", Figures{Shares: n(40), Comments: n(0)}, nil},
		{"2 tỷ view", Figures{Views: n(2000000000)}, nil},
	}
	for _, c := range cases {
		got, unclear := Parse(c.in)
		if show(got) != show(c.want) {
			t.Errorf("Parse(%q) = %s; want %s", c.in, show(got), show(c.want))
		}
		var whys []Why
		for _, u := range unclear {
			whys = append(whys, u.Why)
		}
		if fmt.Sprint(whys) != fmt.Sprint(c.unclear) {
			t.Errorf("Parse(%q) unclear = %v; want %v", c.in, unclear, c.unclear)
		}
	}
	t.Logf("%d variants", len(cases))
}

// TestParseQuotesTheOfficer: what is unclear comes back as written, so the
// question back quotes the officer.
func TestParseQuotesTheOfficer(t *testing.T) {
	_, u := Parse("Lượt xem 12,5 và 3000")
	if len(u) != 2 || u[0].Text != "Lượt xem 12,5" || u[1].Text != "3000" {
		t.Fatalf("unclear = %#v", u)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12.000 lượt xem, 500 thích", "👁 12k ❤️ 500", "1tr2", "chưa có bình luận"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		figs, _ := Parse(s)
		for _, p := range []*int64{figs.Views, figs.Likes, figs.Shares, figs.Comments} {
			if p != nil && *p < 0 {
				t.Fatalf("negative figure from %q", s)
			}
		}
	})
}
