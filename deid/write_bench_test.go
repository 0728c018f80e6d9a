package deid

import (
	"io"
	"testing"
)

func benchWrite(b *testing.B, f Format) {
	in, _ := mondrianAdult(b)
	rel := TableRelease(in)
	b.ResetTimer()
	for b.Loop() {
		if err := Write(io.Discard, rel, WriteOptions{Format: f, Separator: ';'}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(in.Rows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// Writers on Adult (30,162 rows, 9 columns).
func BenchmarkWriteCSVAdult(b *testing.B)     { benchWrite(b, FormatCSV) }
func BenchmarkWriteJSONLAdult(b *testing.B)   { benchWrite(b, FormatJSONL) }
func BenchmarkWriteParquetAdult(b *testing.B) { benchWrite(b, FormatParquet) }
