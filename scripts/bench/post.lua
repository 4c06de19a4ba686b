-- wrk script: POST a new, distinct comment per request. Each wrk thread uses its own account's token
-- (the file named by TOKENS, one token per line), so -t16 -c16 is sixteen writers on sixteen accounts.
-- Bodies are random sentences over a few hundred words, so that neither the same-author rule nor the
-- near-duplicate check refuses them (a benchmark of refusals measures nothing).
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local words = {}
for w in ([[
인공지능 민주화 플랫폼 접근성 비용 공개 모델 연구 격차 기업 개발자 정부 규제 교육 학생 교사 시민 데이터 권리 책임
투명성 공정 경쟁 독점 시장 가격 무료 유료 서비스 클라우드 컴퓨팅 자원 반도체 전력 환경 윤리 편향 차별 안전 보안
개인정보 저작권 창작 예술 음악 번역 의료 진단 법률 판결 노동 일자리 자동화 생산성 혁신 스타트업 투자 세금 공공
인프라 도서관 대학 지역 농촌 도시 노인 청년 장애인 언어 한국어 영어 문화 역사 철학 민주주의 토론 합의 참여 감시
오픈소스 라이선스 커뮤니티 기여 유지보수 문서 표준 호환 상호운용 검증 재현 실험 논문 학회 평가 지표 벤치마크
사용자 경험 설계 접근 화면 음성 검색 추천 광고 뉴스 여론 선거 정책 예산 지원 보조금 협력 국제 조약 외교 무역
]]):gmatch("%S+") do words[#words + 1] = w end
local endings = { "라고 생각합니다.", "가 중요합니다.", "는 다시 봐야 합니다.", "에 동의하기 어렵습니다.", "를 먼저 따져야 합니다." }
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
end
function init(args)
  math.randomseed(os.time() * 1000 + tid)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. tokens[((tid - 1) % #tokens) + 1]
end
function request()
  local parts = {}
  for i = 1, 14 do parts[i] = words[math.random(#words)] end
  local body = table.concat(parts, " ") .. endings[math.random(#endings)]
  return wrk.format(nil, wrk.path, nil, '{"body":"' .. body .. '"}')
end
