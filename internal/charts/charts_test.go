package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

// A chart is a PNG of the asked size whose bars show their own colours.
func TestBarsPNG(t *testing.T) {
	b := Bars{Title: "Offene Anträge nach Frist", YLabel: "Anträge", Labels: []string{"überfällig", "binnen 7 Tagen", "später"},
		Series: []Series{{Values: []float64{2, 0, 5}, Colours: []color.Color{Red, Amber, Green}}},
		Width:  SmallWidth, Height: SmallHeight, Integer: true}
	data, err := b.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	wantW := int(math.Round(SmallWidth.Points() / 72 * 96))
	if got := img.Bounds().Dx(); math.Abs(float64(got-wantW)) > 2 {
		t.Errorf("width %d px, want about %d", got, wantW)
	}
	if !has(img, Red) || !has(img, Green) {
		t.Error("the red and green bars are missing")
	}
	if has(img, Amber) {
		t.Error("an amber bar is drawn for a zero count")
	}
}

func has(img image.Image, c color.Color) bool {
	r0, g0, b0, _ := c.RGBA()
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r == r0 && g == g0 && b == b0 {
				return true
			}
		}
	}
	return false
}

// Integer ticks: whole numbers, at most seven marks, covering the range;
// the step is the smallest nice one (exhaustive over small ranges).
func TestIntegerTicks(t *testing.T) {
	for top := 1; top <= 2000; top++ {
		ticks := integerTicks{}.Ticks(0, float64(top))
		if len(ticks) > 7 || len(ticks) < 2 {
			t.Fatalf("max %d: %d ticks", top, len(ticks))
		}
		step := ticks[1].Value - ticks[0].Value
		for _, tk := range ticks {
			if tk.Value != math.Trunc(tk.Value) {
				t.Fatalf("max %d: tick %v", top, tk.Value)
			}
		}
		if ticks[len(ticks)-1].Value+step <= float64(top) {
			t.Fatalf("max %d: ticks stop at %v", top, ticks[len(ticks)-1].Value)
		}
		for _, smaller := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500} {
			if smaller < step && float64(top)/smaller <= 6 {
				t.Fatalf("max %d: step %v, but %v would do", top, step, smaller)
			}
		}
	}
}
