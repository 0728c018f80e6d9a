//go:build cgo

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"custodia/consent"
	"custodia/ui"
)

// envController names the JSON file with the practice's controller details
// (name, address, country, email, phone, url, dpoContact), as for custodiactl.
const envController = "CUSTODIA_CONTROLLER"

// controllerFromEnv reads the practice's details for consent receipts and
// access packages; ui.ErrNoController when the variable is not set.
func controllerFromEnv() (consent.Controller, error) {
	name := os.Getenv(envController)
	if name == "" {
		return consent.Controller{}, ui.ErrNoController
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return consent.Controller{}, fmt.Errorf("%s: %w", envController, err)
	}
	var c consent.Controller
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s %s: not controller JSON (%v): %w", envController, name, err, ui.ErrNoController)
	}
	if strings.TrimSpace(c.Name) == "" || strings.TrimSpace(c.DPOContact) == "" {
		return c, fmt.Errorf("%s %s: name and dpoContact are required: %w", envController, name, ui.ErrNoController)
	}
	return c, nil
}
