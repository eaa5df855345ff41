#include "proxy/body_pipeline.h"

#include <cstdio>

namespace piiproxy {

void RedactStage::process(std::string_view input, bool end_of_stream, std::string& out) {
  if (lease_->leased_as == BodyEncoding::form) {
    if (!input.empty()) lease_->form_redactor->write(input, out);
    if (end_of_stream) lease_->form_redactor->finish(out);
    return;
  }
  if (!input.empty()) lease_->redactor->write(input, out);
  if (end_of_stream) lease_->redactor->finish(out);
}

void BodyPipeline::start(Framing framing, RedactionContext* redaction, const char* location, bool redact,
                         BodyEncoding encoding) {
  framing_ = framing;
  redaction_ = redaction;
  stage_.reset();
  if (redact && redaction) stage_ = std::make_unique<RedactStage>(redaction->acquire(location, encoding));
  active_ = true;
  bytes_out_ = 0;
}

void BodyPipeline::reset() {
  stage_.reset();  // returns the Redactor to the worker's pool
  active_ = false;
  framing_ = Framing::none;
}

void BodyPipeline::emit(std::string_view bytes, evbuffer* out) {
  if (bytes.empty()) return;
  bytes_out_ += bytes.size();
  if (framing_ == Framing::chunked) {
    char size_line[24];
    int n = std::snprintf(size_line, sizeof size_line, "%zx\r\n", bytes.size());
    evbuffer_add(out, size_line, static_cast<std::size_t>(n));
    evbuffer_add(out, bytes.data(), bytes.size());
    evbuffer_add(out, "\r\n", 2);
  } else {
    evbuffer_add(out, bytes.data(), bytes.size());
  }
}

void BodyPipeline::write(std::string_view data, evbuffer* out) {
  if (!active_ || framing_ == Framing::none) return;
  if (!stage_) {
    emit(data, out);
    return;
  }
  std::string& staged = redaction_->stage_output();
  staged.clear();
  stage_->process(data, false, staged);
  emit(staged, out);
}

void BodyPipeline::finish(evbuffer* out) {
  if (!active_) return;
  if (stage_ && framing_ != Framing::none) {
    std::string& staged = redaction_->stage_output();
    staged.clear();
    stage_->process({}, true, staged);
    emit(staged, out);
  }
  if (framing_ == Framing::chunked) evbuffer_add(out, "0\r\n\r\n", 5);
  reset();
}

}  // namespace piiproxy
