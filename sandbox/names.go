package sandbox

// Vietnamese full names for the seeded people, made from lists of family,
// middle and given names so that a province's few hundred people all
// differ. The lists' lengths (17, 9 and 20) are pairwise coprime, so
// walking them in step gives 17 × 9 × 20 = 3,060 different names per
// gender before one repeats; men and women alternate, and their middle and
// given names differ, so the first 6,120 names are all different.
var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
		"Dương", "Lý", "Trương", "Đinh"}
	middleNames = [2][]string{
		{"Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Hoàng", "Công", "Trung"},
		{"Thị", "Ngọc", "Thu", "Kim", "Thanh", "Hồng", "Minh", "Mỹ", "Bích"},
	}
	givenNames = [2][]string{
		{"An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hùng", "Khang", "Khoa", "Lâm", "Long", "Nam", "Nghĩa", "Phúc",
			"Quang", "Sơn", "Tài", "Thắng", "Trí", "Vinh"},
		{"Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai",
			"Nga", "Nhung", "Phương", "Quyên", "Thảo", "Yến"},
	}
)

// PersonName is the n-th seeded person's full name (n from 0), the same
// on every run; names differ for n below 6,120.
func PersonName(n int) string {
	sex, j := n%2, n/2
	return familyNames[j%len(familyNames)] + " " + middleNames[sex][j%len(middleNames[sex])] + " " + givenNames[sex][j%len(givenNames[sex])]
}
