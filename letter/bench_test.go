package letter

import "testing"

// BenchmarkReadFivePages reads the corpus's five-page letter (14 tasks, 5
// recipients of which one stands for 102 communes) from its PDF and its
// DOCX, and matches it against An Giang's 109 units: what an admin waits
// for after sending the letter. Goal: under a second.
func BenchmarkReadFivePages(b *testing.B) {
	dir := loadUnits(&testing.T{}, "testdata/angiang-units.csv")
	for _, ext := range []string{".pdf", ".docx"} {
		data := mustRead(&testing.T{}, "testdata/corpus/18-ag-nam-trang"+ext)
		b.Run(ext[1:], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				d, err := Read(data, "18"+ext, dir)
				if err != nil || len(d.Tasks) != 14 || len(d.UnitCodes()) != 106 {
					b.Fatalf("%v: %d tasks, %d units", err, len(d.Tasks), len(d.UnitCodes()))
				}
			}
		})
	}
}
