package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"custodia/research"
)

// columnPath finds the column index of a study field path: "columns[2].name".
var columnPath = regexp.MustCompile(`^columns\[(\d+)\]`)

// typedColumns renumbers the column paths of a study's validation error
// by the columns typed in --columns when added columns were put before
// them (the pseudonymised patient id): "zip", typed second, is column 2
// ("columns[1]"), not the study's third. A field about an added column,
// or any other error, stays as it is.
func typedColumns(err error, added int) error {
	var ve *research.ValidationError
	if added == 0 || !errors.As(err, &ve) {
		return err
	}
	out := &research.ValidationError{Fields: make([]research.Field, len(ve.Fields))}
	for i, f := range ve.Fields {
		if m := columnPath.FindStringSubmatchIndex(f.Path); m != nil {
			n, _ := strconv.Atoi(f.Path[m[2]:m[3]])
			if n >= added {
				f.Path = fmt.Sprintf("columns[%d]", n-added) + f.Path[m[1]:]
			}
		}
		out.Fields[i] = f
	}
	return out
}
