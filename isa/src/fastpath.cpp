#include "fastpath.hpp"

#include <array>
#include <utility>

#include "m3lab/isa/table.hpp"
#include "sem_dp.hpp"
#include "sem_mem.hpp"

namespace m3::isa {

namespace {

// Conditional B with its condition a template constant, for the function-pointer path: the
// ConditionPassed switch folds to one or two flag tests.
template <unsigned kCond>
void exec_B_cond(Cpu& cpu, const Inst& in) {
  if (cpu.condition_passed(kCond)) cpu.branch_write_pc(cpu.pc() + in.imm);
}
template <unsigned... kConds>
constexpr std::array<ExecFn, sizeof...(kConds)> b_cond_table(std::integer_sequence<unsigned, kConds...>) {
  return {exec_B_cond<kConds>...};
}
constexpr auto kBCond = b_cond_table(std::make_integer_sequence<unsigned, 15>{});

template <void (*F)(Cpu&, const Inst&)>
void as_fn(Cpu& cpu, const Inst& in) {
  F(cpu, in);
}

// The op's body as a function pointer (FastOp::Call: none), indexed by FastOp.
constexpr ExecFn kOpFns[] = {
    nullptr,
    as_fn<fast::ldr_offset>, as_fn<fast::ldrb_offset>, as_fn<fast::ldrh_offset>, as_fn<fast::ldrsb_offset>,
    as_fn<fast::ldrsh_offset>, as_fn<fast::str_offset>, as_fn<fast::strb_offset>, as_fn<fast::strh_offset>,
    as_fn<fast::ldr_wb<true>>, as_fn<fast::ldrb_wb<true>>, as_fn<fast::ldrsb_wb<true>>,
    as_fn<fast::ldr_wb<false>>, as_fn<fast::ldrb_wb<false>>, as_fn<fast::str_wb<false>>, as_fn<fast::strb_wb<false>>,
    as_fn<fast::cmp_reg>, as_fn<fast::cmp_imm>, as_fn<fast::add_imm>, as_fn<fast::sub_imm>,
    as_fn<fast::adds_imm>, as_fn<fast::subs_imm>, as_fn<fast::mov_reg>, as_fn<fast::mla>,
    as_fn<fast::b_always>, as_fn<fast::b_cond>,
};
static_assert(std::size(kOpFns) == static_cast<size_t>(FastOp::BCond) + 1);

// Writeback loads and stores without an op of their own, for the function-pointer path.
template <bool kPre>
ExecFn writeback_exec(const Inst& in) {
  if (in.exec == sem::exec_LDR_imm) return fast::ldr_wb<kPre>;
  if (in.exec == sem::exec_LDRB_imm) return fast::ldrb_wb<kPre>;
  if (in.exec == sem::exec_LDRH_imm) return fast::ldrh_wb<kPre>;
  if (in.exec == sem::exec_LDRSB_imm) return fast::ldrsb_wb<kPre>;
  if (in.exec == sem::exec_LDRSH_imm) return fast::ldrsh_wb<kPre>;
  if (in.exec == sem::exec_STR_imm) return fast::str_wb<kPre>;
  if (in.exec == sem::exec_STRB_imm) return fast::strb_wb<kPre>;
  if (in.exec == sem::exec_STRH_imm) return fast::strh_wb<kPre>;
  return nullptr;
}

bool is_b_cond(const Form& f) {
  return f.iclass == IClass::Branch && (f.imm == ImmKind::BranchCond8 || f.imm == ImmKind::BranchCond20);
}

}  // namespace

FastOp fast_op(const Inst& in) {
  const Form& f = form(in.form);
  const bool imm_offset = f.imm != ImmKind::LslImm && in.rn != 15;
  if (imm_offset && in.index && in.add && !in.wback) {
    if (in.exec == sem::exec_LDR_imm) return FastOp::LdrOffset;
    if (in.exec == sem::exec_LDRB_imm) return FastOp::LdrbOffset;
    if (in.exec == sem::exec_LDRH_imm) return FastOp::LdrhOffset;
    if (in.exec == sem::exec_LDRSB_imm) return FastOp::LdrsbOffset;
    if (in.exec == sem::exec_LDRSH_imm) return FastOp::LdrshOffset;
    if (in.exec == sem::exec_STR_imm) return FastOp::StrOffset;
    if (in.exec == sem::exec_STRB_imm) return FastOp::StrbOffset;
    if (in.exec == sem::exec_STRH_imm) return FastOp::StrhOffset;
  }
  // Writeback with an added offset (the decoder has already refused Rn == Rt and Rn == PC).
  if (imm_offset && in.wback && in.add && in.rn != in.rd) {
    if (in.index) {
      if (in.exec == sem::exec_LDR_imm) return FastOp::LdrPre;
      if (in.exec == sem::exec_LDRB_imm) return FastOp::LdrbPre;
      if (in.exec == sem::exec_LDRSB_imm) return FastOp::LdrsbPre;
    } else {
      if (in.exec == sem::exec_LDR_imm) return FastOp::LdrPost;
      if (in.exec == sem::exec_LDRB_imm) return FastOp::LdrbPost;
      if (in.exec == sem::exec_STR_imm) return FastOp::StrPost;
      if (in.exec == sem::exec_STRB_imm) return FastOp::StrbPost;
    }
  }
  const bool no_shift = in.shift_n == 0 && in.shift_t == ShiftType::LSL;
  if (in.exec == dp::exec_CMP_reg && no_shift) return FastOp::CmpReg;
  if (in.exec == dp::exec_CMP_imm) return FastOp::CmpImm;
  // The inline ops run outside IT blocks only, where OutsideIt means "sets the flags".
  const bool flags = in.setflags != SetFlags::Never;
  if (in.exec == dp::exec_ADD_imm) return flags ? FastOp::AddsImm : FastOp::AddImm;
  if (in.exec == dp::exec_SUB_imm) return flags ? FastOp::SubsImm : FastOp::SubImm;
  if (in.exec == dp::exec_MOV_reg && no_shift && !flags && in.rd != 15) return FastOp::MovReg;
  if (in.exec == dp::exec_MLA) return FastOp::Mla;
  if (f.iclass == IClass::Branch && (f.imm == ImmKind::Branch11 || f.imm == ImmKind::Branch24) && !f.pat.field('c'))
    return FastOp::B;
  if (is_b_cond(f) && in.cond < kBCond.size()) return FastOp::BCond;
  return FastOp::Call;
}

ExecFn fast_exec(const Inst& in) {
  const Form& f = form(in.form);
  FastOp op = fast_op(in);
  // Ops whose flag behaviour depends on the IT state keep the table's function: fast_exec's
  // pointer also runs inside IT blocks.
  if (in.setflags == SetFlags::OutsideIt && (op == FastOp::AddsImm || op == FastOp::SubsImm)) op = FastOp::Call;
  if (op == FastOp::BCond) return kBCond[in.cond];
  if (op != FastOp::Call) return kOpFns[static_cast<size_t>(op)];
  if (in.wback && in.add && in.rn != 15 && in.rn != in.rd && f.imm != ImmKind::LslImm) {
    if (ExecFn fn = in.index ? writeback_exec<true>(in) : writeback_exec<false>(in)) return fn;
  }
  return in.exec;
}

}  // namespace m3::isa
